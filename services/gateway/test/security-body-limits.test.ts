// Request bodies are capped before the internal HMAC check or the management API reads them: 413 JSON, nothing written.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { providerKeys, requestLog } from "@waule/db/gateway";
import { DEFAULT_BODY_BYTES, INTERNAL_BODY_BYTES } from "../src/http/body-limit";
import { startTestGateway, TEST_BASE_URL, type TestGateway } from "./support/gateway";

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw.stop();
});

const ADMIN = { authorization: "Bearer test-admin-token-0123456789abcdef0123", "content-type": "application/json" };

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

describe("gateway request body limits", () => {
  test("a management body over 1 MB is refused with 413 and no key is stored", async () => {
    const body = JSON.stringify({ provider: "openai", label: "big", apiKey: `sk-${"x".repeat(DEFAULT_BODY_BYTES)}` });
    const res = await gw.app.request(`${TEST_BASE_URL}/api/provider-keys`, { method: "POST", headers: ADMIN, body });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: { code: "payload_too_large", message: "request body exceeds 1 MB" } });
    expect(await gw.deps.db.select().from(providerKeys)).toHaveLength(0);
  });

  test("a chunked management body is counted as it streams and refused past 1 MB", async () => {
    const body = chunked(JSON.stringify({ provider: "openai", label: "big", apiKey: "x".repeat(DEFAULT_BODY_BYTES) }));
    const res = await gw.app.request(`${TEST_BASE_URL}/api/provider-keys`, {
      method: "POST",
      headers: ADMIN,
      body,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await gw.deps.db.select().from(providerKeys)).toHaveLength(0);
  });

  test("an internal call over its cap is refused before the signature check buffers it", async () => {
    const res = await gw.app.request(`${TEST_BASE_URL}/internal/v1/images/generations`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(INTERNAL_BODY_BYTES + 1) },
      body: chunked("{}"),
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await gw.deps.db.select().from(requestLog)).toHaveLength(0);
  });

  test("an internal call between the two caps still reaches the signature check", async () => {
    const res = await gw.app.request(`${TEST_BASE_URL}/internal/v1/images/generations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ prompt: "a".repeat(2 * DEFAULT_BODY_BYTES) }),
    });
    expect(res.status).toBe(401);
  });
});
