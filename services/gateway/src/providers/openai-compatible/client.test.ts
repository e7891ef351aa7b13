import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { openAIError, startOpenAIFake } from "../../../test/fakes/openai.ts";
import type { ProviderContext } from "../types.ts";
import { UpstreamError } from "../upstream-error.ts";
import { createOpenAICompatibleProvider } from "./index.ts";

const fake = startOpenAIFake();
afterAll(() => fake.stop());
beforeEach(() => void fake.requests.splice(0));

const provider = createOpenAICompatibleProvider({ name: "deepseek", defaultBaseUrl: fake.baseUrl });
const ctx: ProviderContext = { key: { id: "k1", secret: "sk-x" }, fetch, clock: { now: () => 0 } };
const call = () =>
  provider.chat!.complete({ model: "deepseek-chat", messages: [{ role: "user", content: "hi" }] }, ctx);

async function failure(): Promise<UpstreamError> {
  const err = await call().catch((e: unknown) => e);
  if (!(err instanceof UpstreamError)) throw new Error(`expected UpstreamError, got ${String(err)}`);
  return err;
}

describe("openai-compatible error mapping", () => {
  test("400 invalid_request_error is the caller's bad request, not retryable", async () => {
    fake.enqueue(openAIError(400, "Invalid value for 'temperature'", "invalid_request_error", null));
    const err = await failure();
    expect(err.code).toBe("upstream_bad_request");
    expect(err.failure).toMatchObject({ provider: "deepseek", status: 400, upstreamCode: "invalid_request_error" });
    expect(err.message).toContain("Invalid value for 'temperature'");
    expect(err.retryable).toBe(false);
  });

  test("401 is a key problem the pool can fail over from", async () => {
    fake.enqueue(openAIError(401, "Incorrect API key provided", "invalid_request_error", "invalid_api_key"));
    const err = await failure();
    expect(err.failure.status).toBe(401);
    expect(err.code).toBe("upstream_unavailable");
    expect(err.retryable).toBe(true);
  });

  test("429 rate limit carries Retry-After", async () => {
    fake.enqueue(
      openAIError(429, "Rate limit reached for requests", "requests", "rate_limit_exceeded", { "retry-after": "20" }),
    );
    const err = await failure();
    expect(err.code).toBe("upstream_quota");
    expect(err.failure).toMatchObject({ status: 429, upstreamCode: "rate_limit_exceeded", retryAfterSeconds: 20 });
  });

  test("429 insufficient_quota is told apart from a rate limit by its upstream code", async () => {
    fake.enqueue(openAIError(429, "You exceeded your current quota", "insufficient_quota", "insufficient_quota"));
    const err = await failure();
    expect(err.code).toBe("upstream_quota");
    expect(err.failure.upstreamCode).toBe("insufficient_quota");
    expect(err.failure.retryAfterSeconds).toBeUndefined();
  });

  test("5xx is an outage", async () => {
    fake.enqueue(openAIError(503, "The engine is currently overloaded", "server_error", null));
    const err = await failure();
    expect(err.code).toBe("upstream_unavailable");
    expect(err.failure.status).toBe(503);
  });

  test("a non-JSON error body still maps by status", async () => {
    fake.enqueue({
      status: 502,
      bytes: new TextEncoder().encode("<html>Bad gateway</html>"),
      contentType: "text/html",
    });
    const err = await failure();
    expect(err.code).toBe("upstream_unavailable");
    expect(err.message).toContain("Bad gateway");
  });

  test("content_policy_violation and moderation_blocked are refusals", async () => {
    fake.enqueue(
      openAIError(
        400,
        "Your request was rejected as a result of our safety system.",
        "invalid_request_error",
        "content_policy_violation",
      ),
    );
    expect((await failure()).code).toBe("content_refused");
    fake.enqueue(
      openAIError(
        400,
        "Request was rejected by the safety system.",
        "image_generation_user_error",
        "moderation_blocked",
      ),
    );
    const err = await failure();
    expect(err.code).toBe("content_refused");
    expect(err.failure.contentRefused).toBe(true);
  });

  test("an error body inside a 200 answer (proxies do this) is still an error", async () => {
    fake.enqueue({
      status: 200,
      json: {
        error: { message: "You exceeded your current quota", type: "insufficient_quota", code: "insufficient_quota" },
      },
    });
    const err = await failure();
    expect(err.failure).toMatchObject({ status: 429, upstreamCode: "insufficient_quota" });
    fake.enqueue({ status: 200, json: { error: { message: "upstream exploded", type: "server_error", code: null } } });
    expect((await failure()).code).toBe("upstream_unavailable");
  });

  test("a connection that fails is status 0 (timeout class)", async () => {
    const refused: typeof fetch = Object.assign(
      async () => {
        throw new TypeError("Unable to connect");
      },
      { preconnect: fetch.preconnect },
    );
    const err = (await provider
      .chat!.complete({ model: "m", messages: [] }, { ...ctx, fetch: refused })
      .catch((e: unknown) => e)) as UpstreamError;
    expect(err.failure.status).toBe(0);
    expect(err.code).toBe("upstream_timeout");
  });
});
