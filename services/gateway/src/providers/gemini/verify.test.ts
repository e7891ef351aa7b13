import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type GeminiFake, startGeminiFake } from "../../../test/fakes/gemini.ts";
import { closedPortUrl } from "../../../test/support/closed-port.ts";
import type { ProviderContext } from "../types.ts";
import type { UpstreamError } from "../upstream-error.ts";
import { geminiProvider } from "./index.ts";

let fake: GeminiFake;
beforeAll(() => {
  fake = startGeminiFake();
});
afterAll(() => fake.stop());

const ctx = (secret: string, baseUrl?: string): ProviderContext => ({
  key: { id: "k1", secret, baseUrl: baseUrl ?? `${fake.url}/v1beta` },
  fetch,
  clock: { now: () => 0 },
});
const verify = geminiProvider.verifyKey!;
const failureOf = (p: Promise<void>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e as UpstreamError,
  );

describe("gemini key check", () => {
  test("a good key lists one model with x-goog-api-key", async () => {
    const from = fake.requests.length;
    await verify(ctx("AIza-fake-key"));
    expect(fake.requests.slice(from).map((r) => [r.method, r.path, r.headers["x-goog-api-key"]])).toEqual([
      ["GET", "/v1beta/models?pageSize=1", "AIza-fake-key"],
    ]);
  });

  test("a wrong key (400 API_KEY_INVALID) fails as a bad key, status 401", async () => {
    const err = await failureOf(verify(ctx("AIza-wrong")));
    expect([err.failure.status, err.failure.upstreamCode, err.code]).toEqual([
      401,
      "API_KEY_INVALID",
      "upstream_unavailable",
    ]);
  });

  test("an unreachable Google fails as a network error", async () => {
    const err = await failureOf(verify(ctx("AIza-fake-key", `${await closedPortUrl()}/v1beta`)));
    expect([err.failure.status, err.code]).toEqual([0, "upstream_timeout"]);
  });
});
