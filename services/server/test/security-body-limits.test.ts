// Request bodies are capped before anything parses them: 413 JSON, nothing charged, nothing written.
import { afterEach, describe, expect, test } from "bun:test";
import { DEFAULT_BODY_BYTES, MEDIA_BODY_BYTES } from "../src/http/body-limit";
import { type Stack, startStack } from "./support/stack";

const stacks: Stack[] = [];
afterEach(async () => {
  for (const s of stacks.splice(0)) await s.stop();
});
async function stack() {
  const s = await startStack();
  stacks.push(s);
  return s;
}

/** A JSON body of at least `bytes` bytes: one long prompt string. */
const bigJson = (bytes: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ ...extra, prompt: "a".repeat(bytes) });

/** A body sent without Content-Length (chunked), so only counting the stream can catch it. */
function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + 64 * 1024));
      offset += 64 * 1024;
    },
  });
}

async function balance(s: Stack, apiKey: string): Promise<number> {
  const res = await s.app.request("/api/v1/me", { headers: { "x-api-key": apiKey } });
  return ((await res.json()) as { tenant: { credits: number } }).tenant.credits;
}

describe("request body limits", () => {
  test("login with a body over 1 MB is refused with 413 JSON before parsing", async () => {
    const s = await stack();
    const res = await s.app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: bigJson(DEFAULT_BODY_BYTES + 1),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { code: "payload_too_large", message: "request body exceeds 1 MB" } });
  });

  test("an operator admin body streamed without Content-Length is counted and refused past 1 MB", async () => {
    const s = await stack();
    const res = await s.app.request("/admin/api/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: chunked(bigJson(DEFAULT_BODY_BYTES + 10)),
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
  });

  test("an image call over the media cap is refused: no credits held, no usage recorded", async () => {
    const s = await stack();
    const { apiKey } = await s.createTenant(1000);
    const res = await s.app.request("/api/v1/images/generations", {
      method: "POST",
      headers: { "x-api-key": apiKey, "content-type": "application/json" },
      body: bigJson(MEDIA_BODY_BYTES + 1, { model: "sandbox-image" }),
    });
    expect(res.status).toBe(413);
    expect(await balance(s, apiKey)).toBe(1000);
    const usage = await s.db.$client.execute("SELECT count(*) AS n FROM usage_records");
    expect(Number(usage.rows[0]!.n)).toBe(0);
  });

  test("media routes take bodies larger than the default cap (a 2 MB chat body reaches validation)", async () => {
    const s = await stack();
    const { apiKey } = await s.createTenant(1000);
    const res = await s.app.request("/api/v1/chat/completions", {
      method: "POST",
      headers: { "x-api-key": apiKey, "content-type": "application/json" },
      // Over 1 MB but invalid (no messages): the answer is the validator's 400, not 413.
      body: bigJson(2 * 1024 * 1024, { model: "sandbox-chat" }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
  });
});
