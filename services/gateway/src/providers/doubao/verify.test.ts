import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeArk, startFakeArk } from "../../../test/fakes/doubao";
import { closedPortUrl } from "../../../test/support/closed-port";
import type { ProviderContext } from "../types";
import { UpstreamError } from "../upstream-error";
import { doubaoProvider } from "./index";

let fake: FakeArk;
beforeAll(() => {
  fake = startFakeArk();
});
afterAll(() => fake.close());

const ctx = (secret: string, baseUrl = fake.baseUrl): ProviderContext => ({
  key: { id: "k1", secret, baseUrl },
  fetch,
  clock: { now: () => 0 },
});
const verify = doubaoProvider.verifyKey!;
const failureOf = (p: Promise<void>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e as UpstreamError,
  );

describe("doubao key check", () => {
  test("a good key lists one page of generation tasks with the bearer key", async () => {
    const from = fake.requests.length;
    await verify(ctx(fake.apiKey));
    expect(fake.requests.slice(from).map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ["GET", "/api/v3/contents/generations/tasks", `Bearer ${fake.apiKey}`],
    ]);
  });

  test("a wrong key fails as Ark's AuthenticationError with status 401", async () => {
    const err = await failureOf(verify(ctx("wrong-key")));
    expect(err).toBeInstanceOf(UpstreamError);
    expect([err.failure.status, err.failure.upstreamCode, err.code]).toEqual([
      401,
      "AuthenticationError",
      "upstream_unavailable",
    ]);
  });

  test("an unreachable Ark fails as a network error (status 0, timeout code)", async () => {
    const err = await failureOf(verify(ctx(fake.apiKey, `${await closedPortUrl()}/api/v3`)));
    expect([err.failure.status, err.code]).toEqual([0, "upstream_timeout"]);
  });
});
