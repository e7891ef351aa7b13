import { describe, expect, test } from "bun:test";
import { signInternalRequest, verifyInternalRequest } from "@waule/shared/internal-signature";
import { createInternalSigner } from "./signing";

const secret = "signing-test-secret-0123456789abcdef";
const body = JSON.stringify({ model: "m", messages: [{ role: "user", content: "héllo 你好" }] });

describe("the server's synchronous signer", () => {
  test("gives exactly the headers of the shared signInternalRequest", async () => {
    const input = { method: "post", path: "/internal/v1/chat/completions", body, timestampMs: 1_700_000_000_123 };
    const nonce = "0123456789abcdef0123456789abcdef";
    expect(createInternalSigner(secret)({ ...input, nonce })).toEqual(
      await signInternalRequest(secret, { ...input, nonce }),
    );
  });

  test("its fresh signatures pass the gateway's check, and fail it under another secret or body", async () => {
    const now = Date.now();
    const headers = createInternalSigner(secret)({ method: "POST", path: "/internal/v1/x", body, timestampMs: now });
    const check = (key: string, sent: string) =>
      verifyInternalRequest(key, {
        method: "POST",
        path: "/internal/v1/x",
        body: new TextEncoder().encode(sent),
        signature: headers["x-waule-signature"],
        timestamp: headers["x-waule-timestamp"],
        nonce: headers["x-waule-nonce"],
        nowMs: now,
      });
    expect(await check(secret, body)).toEqual({ ok: true });
    expect(await check(`${secret}x`, body)).toEqual({ ok: false, reason: "mismatch" });
    expect(await check(secret, `${body} `)).toEqual({ ok: false, reason: "mismatch" });
    const other = createInternalSigner(secret)({ method: "POST", path: "/internal/v1/x", body, timestampMs: now });
    expect(other["x-waule-nonce"]).not.toBe(headers["x-waule-nonce"]);
  });
});
