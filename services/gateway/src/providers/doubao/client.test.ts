import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeArk, startFakeArk } from "../../../test/fakes/doubao";
import type { ProviderContext } from "../types";
import { UpstreamError } from "../upstream-error";
import { arkFailure, arkRequest, DOUBAO_BASE_URL } from "./client";

let fake: FakeArk;
beforeAll(() => {
  fake = startFakeArk();
});
afterAll(() => fake.close());

const ctx = (): ProviderContext => ({
  key: { id: "k1", secret: fake.apiKey, baseUrl: fake.baseUrl },
  fetch,
  clock: { now: () => 0 },
});

describe("Ark error mapping", () => {
  test.each([
    [429, "RateLimitExceeded.EndpointRPMExceeded", 429, "upstream_quota", false],
    [429, "QuotaExceeded", 429, "upstream_quota", false],
    [401, "AuthenticationError", 401, "upstream_unavailable", false],
    [403, "AccountOverdueError", 402, "upstream_quota", false],
    [400, "OutputImageSensitiveContentDetected", 400, "content_refused", true],
    [400, "SensitiveContentDetected.SevereViolation", 400, "content_refused", true],
    [400, "InvalidParameter", 400, "upstream_bad_request", false],
    [500, "InternalServiceError", 500, "upstream_unavailable", false],
  ] as const)("%d %s → status %d, %s", async (httpStatus, code, status, appCode, refused) => {
    fake.failNext(httpStatus, code, `${code} happened`);
    const err = await rejection(arkRequest(ctx(), "POST", "/images/generations", {}));
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.failure.status).toBe(status);
    expect(err.failure.upstreamCode).toBe(code);
    expect(err.code).toBe(appCode);
    expect(Boolean(err.failure.contentRefused)).toBe(refused);
    expect(err.message).toContain(`${code} happened`);
  });

  test("Retry-After reaches the key pool", async () => {
    fake.failNext(429, "RateLimitExceeded.EndpointTPMExceeded", "slow down", { "Retry-After": "7" });
    const err = await rejection(arkRequest(ctx(), "POST", "/images/generations", {}));
    expect(err.failure.retryAfterSeconds).toBe(7);
  });

  test("a refused connection is status 0 (network error)", async () => {
    const dead: ProviderContext = {
      key: { id: "k1", secret: "x", baseUrl: "http://127.0.0.1:1/api/v3" },
      fetch,
      clock: { now: () => 0 },
    };
    const err = await rejection(arkRequest(dead, "GET", "/contents/generations/tasks/x"));
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.failure.status).toBe(0);
    expect(err.code).toBe("upstream_timeout");
  });

  test("without a key base URL the documented Ark endpoint is used", async () => {
    const seen: string[] = [];
    const fetchSpy = (async (url: string) => {
      seen.push(url);
      return Response.json({ id: "cgt-1" });
    }) as unknown as typeof fetch;
    await arkRequest(
      { key: { id: null, secret: "s" }, fetch: fetchSpy, clock: { now: () => 0 } },
      "GET",
      "/contents/generations/tasks/cgt-1",
    );
    expect(seen).toEqual([`${DOUBAO_BASE_URL}/contents/generations/tasks/cgt-1`]);
    expect(DOUBAO_BASE_URL).toBe("https://ark.cn-beijing.volces.com/api/v3");
  });

  test("a body-less failure keeps the HTTP status", () => {
    expect(arkFailure(503, undefined, undefined)).toEqual({
      provider: "doubao",
      status: 503,
      upstreamCode: undefined,
      message: undefined,
    });
  });
});

/** The UpstreamError a call failed with; fails the test if it succeeded or threw anything else. */
async function rejection(p: Promise<unknown>): Promise<UpstreamError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof UpstreamError)) throw new Error(`expected an UpstreamError, got ${String(err)}`);
  return err;
}
