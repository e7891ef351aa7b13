import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeDashScope, startFakeDashScope } from "../../../test/fakes/wanx";
import type { ProviderContext } from "../types";
import { UpstreamError } from "../upstream-error";
import { dashscopeRequest, WANX_BASE_URL } from "./client";

let fake: FakeDashScope;
beforeAll(() => {
  fake = startFakeDashScope();
});
afterAll(() => fake.close());

const ctx = (): ProviderContext => ({
  key: { id: "k1", secret: fake.apiKey, baseUrl: fake.baseUrl },
  fetch,
  clock: { now: () => 0 },
});

describe("DashScope error mapping", () => {
  test.each([
    [401, "InvalidApiKey", 401, "upstream_unavailable", false],
    [429, "Throttling.RateQuota", 429, "upstream_quota", false],
    [429, "Throttling.AllocationQuota", 429, "upstream_quota", false],
    [400, "DataInspectionFailed", 400, "content_refused", true],
    [400, "Arrearage", 402, "upstream_quota", false],
    [400, "InvalidParameter", 400, "upstream_bad_request", false],
    [500, "InternalError", 500, "upstream_unavailable", false],
  ] as const)("%d %s → status %d, %s", async (httpStatus, code, status, appCode, refused) => {
    fake.failNext(httpStatus, code, `${code} happened`);
    const err = await rejection(dashscopeRequest(ctx(), "POST", "/services/aigc/multimodal-generation/generation", {}));
    expect(err.failure.status).toBe(status);
    expect(err.failure.upstreamCode).toBe(code);
    expect(err.code).toBe(appCode);
    expect(Boolean(err.failure.contentRefused)).toBe(refused);
    expect(err.message).toContain(`${code} happened`);
  });

  test("a wrong key gets DashScope's own 401 InvalidApiKey", async () => {
    const bad: ProviderContext = { ...ctx(), key: { id: "k1", secret: "nope", baseUrl: fake.baseUrl } };
    const err = await rejection(dashscopeRequest(bad, "GET", "/tasks/task-1"));
    expect(err.failure.status).toBe(401);
    expect(err.retryable).toBe(true);
  });

  test("a refused connection is status 0 (network error)", async () => {
    const dead: ProviderContext = {
      key: { id: "k1", secret: "x", baseUrl: "http://127.0.0.1:1/api/v1" },
      fetch,
      clock: { now: () => 0 },
    };
    const err = await rejection(dashscopeRequest(dead, "GET", "/tasks/x"));
    expect(err.failure.status).toBe(0);
  });

  test("without a key base URL the documented Beijing endpoint is used", async () => {
    const seen: string[] = [];
    const spy = (async (url: string) => {
      seen.push(url);
      return Response.json({ output: {} });
    }) as unknown as typeof fetch;
    await dashscopeRequest({ key: { id: null, secret: "s" }, fetch: spy, clock: { now: () => 0 } }, "GET", "/tasks/t1");
    expect(seen).toEqual([`${WANX_BASE_URL}/tasks/t1`]);
    expect(WANX_BASE_URL).toBe("https://dashscope.aliyuncs.com/api/v1");
  });
});

async function rejection(p: Promise<unknown>): Promise<UpstreamError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof UpstreamError)) throw new Error(`expected an UpstreamError, got ${String(err)}`);
  return err;
}
