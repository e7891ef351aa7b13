import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeMidjourney, startFakeMidjourney } from "../../../test/fakes/midjourney.ts";
import { closedPortUrl } from "../../../test/support/closed-port.ts";
import type { ProviderContext } from "../types.ts";
import { UpstreamError } from "../upstream-error.ts";
import { KEY_CHECK_TASK_ID, verifyMidjourneyKey } from "./verify.ts";

let fake: FakeMidjourney;
beforeAll(() => {
  fake = startFakeMidjourney();
});
afterAll(() => fake.stop());

const ctx = (secret: string, baseUrl: string | null = fake.url): ProviderContext => ({
  key: { id: "k1", secret, baseUrl },
  fetch,
  clock: { now: () => 0 },
});
const failureOf = (p: Promise<void>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e as Error,
  );

describe("midjourney key check", () => {
  test("a good secret fetches a dummy task (empty answer) with the mj-api-secret header and submits nothing", async () => {
    const from = fake.requests.length;
    await verifyMidjourneyKey(ctx("mj-secret"));
    expect(fake.requests.slice(from).map((r) => [r.method, r.path, r.headers["mj-api-secret"]])).toEqual([
      ["GET", `/mj/task/${KEY_CHECK_TASK_ID}/fetch`, "mj-secret"],
    ]);
  });

  test("a wrong secret fails with the proxy's 401", async () => {
    const err = (await failureOf(verifyMidjourneyKey(ctx("wrong")))) as UpstreamError;
    expect(err).toBeInstanceOf(UpstreamError);
    expect([err.failure.status, err.code]).toEqual([401, "upstream_unavailable"]);
  });

  test("an unreachable proxy fails as a network error", async () => {
    const err = (await failureOf(verifyMidjourneyKey(ctx("mj-secret", await closedPortUrl())))) as UpstreamError;
    expect([err.failure.status, err.code]).toEqual([0, "upstream_timeout"]);
  });

  test("a key without the proxy's base URL is refused before any request", async () => {
    const from = fake.requests.length;
    const err = (await failureOf(verifyMidjourneyKey(ctx("mj-secret", null)))) as Error & { code?: string };
    expect(err.code).toBe("internal_error");
    expect(fake.requests.length).toBe(from);
  });
});
