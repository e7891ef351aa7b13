import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { googleError, startGeminiFake } from "../../../test/fakes/gemini.ts";
import type { ProviderContext } from "../types.ts";
import { UpstreamError } from "../upstream-error.ts";
import { geminiProvider } from "./index.ts";

const fake = startGeminiFake();
afterAll(() => fake.stop());
beforeEach(() => void fake.requests.splice(0));

const ctx = (secret = fake.validKey): ProviderContext => ({
  key: { id: "g1", secret, baseUrl: fake.baseUrl },
  fetch,
  clock: { now: () => 0 },
});
async function failure(secret?: string): Promise<UpstreamError> {
  const err = await geminiProvider
    .chat!.complete({ model: "gemini-2.5-flash", messages: [{ role: "user", content: "hi" }] }, ctx(secret))
    .catch((e: unknown) => e);
  if (!(err instanceof UpstreamError)) throw new Error(`expected UpstreamError, got ${String(err)}`);
  return err;
}

describe("gemini error mapping", () => {
  test("400 INVALID_ARGUMENT is the caller's bad request", async () => {
    fake.enqueue(googleError(400, "INVALID_ARGUMENT", "Invalid JSON payload received."));
    const err = await failure();
    expect(err.code).toBe("upstream_bad_request");
    expect(err.failure).toMatchObject({ provider: "gemini", status: 400, upstreamCode: "INVALID_ARGUMENT" });
    expect(err.retryable).toBe(false);
  });

  test("an invalid key (400 API_KEY_INVALID) is re-statused 401 so the pool disables the key", async () => {
    const err = await failure("AIza-wrong");
    expect(err.failure).toMatchObject({ status: 401, upstreamCode: "API_KEY_INVALID" });
    expect(err.retryable).toBe(true);
  });

  test("403 PERMISSION_DENIED and 400 FAILED_PRECONDITION are key problems", async () => {
    fake.enqueue(googleError(403, "PERMISSION_DENIED", "Your API key doesn't have the required permissions."));
    expect((await failure()).failure).toMatchObject({ status: 403, upstreamCode: "PERMISSION_DENIED" });
    fake.enqueue(googleError(400, "FAILED_PRECONDITION", "User location is not supported for the API use."));
    const err = await failure();
    expect(err.failure).toMatchObject({ status: 403, upstreamCode: "FAILED_PRECONDITION" });
    expect(err.code).toBe("upstream_unavailable");
  });

  test("429 RESOURCE_EXHAUSTED is quota, with RetryInfo's delay", async () => {
    fake.enqueue(
      googleError(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.", [
        { "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations: [] },
        { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "21.5s" },
      ]),
    );
    const err = await failure();
    expect(err.code).toBe("upstream_quota");
    expect(err.failure).toMatchObject({ status: 429, upstreamCode: "RESOURCE_EXHAUSTED", retryAfterSeconds: 22 });
  });

  test("500 INTERNAL and 503 UNAVAILABLE are outages; 504 DEADLINE_EXCEEDED a timeout", async () => {
    fake.enqueue(googleError(500, "INTERNAL", "An internal error has occurred."));
    expect((await failure()).code).toBe("upstream_unavailable");
    fake.enqueue(googleError(503, "UNAVAILABLE", "The model is overloaded."));
    expect((await failure()).code).toBe("upstream_unavailable");
    fake.enqueue(googleError(504, "DEADLINE_EXCEEDED", "Deadline exceeded."));
    expect((await failure()).code).toBe("upstream_timeout");
  });

  test("404 NOT_FOUND (unknown model) is a bad request, and its message is kept", async () => {
    fake.enqueue(googleError(404, "NOT_FOUND", "models/gemini-9 is not found for API version v1beta"));
    const err = await failure();
    expect(err.code).toBe("upstream_bad_request");
    expect(err.message).toContain("models/gemini-9 is not found");
  });

  test("a refused connection is status 0", async () => {
    const refused: typeof fetch = Object.assign(
      async () => {
        throw new TypeError("Unable to connect");
      },
      { preconnect: fetch.preconnect },
    );
    const err = (await geminiProvider
      .chat!.complete({ model: "m", messages: [] }, { ...ctx(), fetch: refused })
      .catch((e: unknown) => e)) as UpstreamError;
    expect(err.failure.status).toBe(0);
    expect(err.code).toBe("upstream_timeout");
  });

  test("without a key baseUrl, calls go to Google's documented v1beta host", async () => {
    const seen: string[] = [];
    const recording: typeof fetch = Object.assign(
      async (url: string | URL | Request) => {
        seen.push(String(url));
        return Response.json({ candidates: [{ content: { parts: [{ text: "ok" }] }, finishReason: "STOP" }] });
      },
      { preconnect: fetch.preconnect },
    );
    await geminiProvider.chat!.complete(
      { model: "gemini-2.5-flash", messages: [{ role: "user", content: "hi" }] },
      { key: { id: "g", secret: "k" }, fetch: recording, clock: { now: () => 0 } },
    );
    expect(seen).toEqual(["https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent"]);
  });
});
