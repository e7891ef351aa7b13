import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeDashScope, startFakeDashScope } from "../../../test/fakes/wanx";
import { closedPortUrl } from "../../../test/support/closed-port";
import type { ProviderContext } from "../types";
import type { UpstreamError } from "../upstream-error";
import { wanxProvider } from "./index";
import { KEY_CHECK_TASK_ID } from "./verify";

let fake: FakeDashScope;
beforeAll(() => {
  fake = startFakeDashScope();
});
afterAll(() => fake.close());

const ctx = (secret: string, baseUrl = fake.baseUrl): ProviderContext => ({
  key: { id: "k1", secret, baseUrl },
  fetch,
  clock: { now: () => 0 },
});
const verify = wanxProvider.verifyKey!;
const failureOf = (p: Promise<void>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e as UpstreamError,
  );

describe("wanx key check", () => {
  test("a good key queries an unknown task (answered UNKNOWN) and passes", async () => {
    const from = fake.requests.length;
    await verify(ctx(fake.apiKey));
    expect(fake.requests.slice(from).map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ["GET", `/api/v1/tasks/${KEY_CHECK_TASK_ID}`, `Bearer ${fake.apiKey}`],
    ]);
  });

  test("a wrong key fails as InvalidApiKey with status 401", async () => {
    const err = await failureOf(verify(ctx("sk-wrong")));
    expect([err.failure.status, err.failure.upstreamCode, err.code]).toEqual([
      401,
      "InvalidApiKey",
      "upstream_unavailable",
    ]);
  });

  test("an account in arrears fails as quota", async () => {
    fake.failNext(400, "Arrearage", "Access denied, please make sure your account is in good standing.");
    const err = await failureOf(verify(ctx(fake.apiKey)));
    expect([err.failure.status, err.code]).toEqual([402, "upstream_quota"]);
  });

  test("an unreachable DashScope fails as a network error", async () => {
    const err = await failureOf(verify(ctx(fake.apiKey, `${await closedPortUrl()}/api/v1`)));
    expect([err.failure.status, err.code]).toEqual([0, "upstream_timeout"]);
  });
});
