import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeMinimax, startFakeMinimax } from "../../../test/fakes/minimax.ts";
import { closedPortUrl } from "../../../test/support/closed-port.ts";
import type { ProviderContext } from "../types.ts";
import type { UpstreamError } from "../upstream-error.ts";
import { minimaxProvider } from "./index.ts";
import { KEY_CHECK_TASK_ID } from "./verify.ts";

let fake: FakeMinimax;
beforeAll(() => {
  fake = startFakeMinimax();
});
afterAll(() => fake.stop());

const ctx = (secret: string, baseUrl = fake.url): ProviderContext => ({
  key: { id: "k1", secret, baseUrl },
  fetch,
  clock: { now: () => 0 },
});
const verify = minimaxProvider.verifyKey!;
const failureOf = (p: Promise<void>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e as UpstreamError,
  );

describe("minimax key check", () => {
  test("a good key queries a dummy video task; base_resp 2013 (unknown task) means the key was accepted", async () => {
    const from = fake.requests.length;
    await verify(ctx("mm-key"));
    expect(fake.requests.slice(from).map((r) => [r.method, r.path, r.query, r.headers.authorization])).toEqual([
      ["GET", "/v1/query/video_generation", { task_id: KEY_CHECK_TASK_ID }, "Bearer mm-key"],
    ]);
  });

  test("a wrong key (base_resp 1004 inside HTTP 200) fails with status 401", async () => {
    const err = await failureOf(verify(ctx("wrong")));
    expect([err.failure.status, err.failure.upstreamCode, err.code]).toEqual([401, "1004", "upstream_unavailable"]);
  });

  test("an account without balance (1008) fails as quota", async () => {
    fake.answerNext(200, { base_resp: { status_code: 1008, status_msg: "insufficient balance" } });
    const err = await failureOf(verify(ctx("mm-key")));
    expect([err.failure.status, err.code]).toEqual([402, "upstream_quota"]);
  });

  test("an unreachable MiniMax fails as a network error", async () => {
    const err = await failureOf(verify(ctx("mm-key", await closedPortUrl())));
    expect([err.failure.status, err.code]).toEqual([0, "upstream_timeout"]);
  });
});
