import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeVidu, startFakeVidu } from "../../../test/fakes/vidu.ts";
import { closedPortUrl } from "../../../test/support/closed-port.ts";
import type { ProviderContext } from "../types.ts";
import type { UpstreamError } from "../upstream-error.ts";
import { viduProvider } from "./index.ts";
import { KEY_CHECK_TASK_ID } from "./verify.ts";

let fake: FakeVidu;
beforeAll(() => {
  fake = startFakeVidu();
});
afterAll(() => fake.stop());

const ctx = (secret: string, baseUrl = fake.url): ProviderContext => ({
  key: { id: "k1", secret, baseUrl },
  fetch,
  clock: { now: () => 0 },
});
const verify = viduProvider.verifyKey!;
const failureOf = (p: Promise<void>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e as UpstreamError,
  );

describe("vidu key check", () => {
  test("a good key gets 'task not found' for the dummy task, which proves it passed authentication", async () => {
    const from = fake.requests.length;
    await verify(ctx("vidu-key"));
    expect(fake.requests.slice(from).map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ["GET", `/ent/v2/tasks/${KEY_CHECK_TASK_ID}/creations`, "Token vidu-key"],
    ]);
  });

  test("a wrong key fails with status 401", async () => {
    const err = await failureOf(verify(ctx("wrong")));
    expect([err.failure.status, err.failure.upstreamCode, err.code]).toEqual([
      401,
      "Unauthorized",
      "upstream_unavailable",
    ]);
  });

  test("a Vidu outage (5xx) is no pass", async () => {
    fake.failNext(503, { code: "ServiceUnavailable", message: "busy" });
    const err = await failureOf(verify(ctx("vidu-key")));
    expect([err.failure.status, err.code]).toEqual([503, "upstream_unavailable"]);
  });

  test("an unreachable Vidu fails as a network error", async () => {
    const err = await failureOf(verify(ctx("vidu-key", await closedPortUrl())));
    expect([err.failure.status, err.code]).toEqual([0, "upstream_timeout"]);
  });
});
