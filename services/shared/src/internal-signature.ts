// HMAC-SHA256 signing of server→gateway calls: method, path, timestamp, nonce and body hash, keyed by INTERNAL_SECRET.
// The nonce makes every signature unique, so the gateway can refuse a replayed one (two identical calls in the same
// millisecond still differ) by remembering the signatures it saw within the window.
import { timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-waule-signature";
export const TIMESTAMP_HEADER = "x-waule-timestamp";
export const NONCE_HEADER = "x-waule-nonce";
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

export async function sha256Hex(body: string | Uint8Array): Promise<string> {
  return sha256HexNow(body);
}

/** sha256Hex without the promise: Bun's hasher is synchronous and native (cheaper than a crypto.subtle round trip). */
function sha256HexNow(body: string | Uint8Array): string {
  return new Bun.CryptoHasher("sha256").update(body).digest("hex");
}

/**
 * HMAC-SHA256 with Bun's native hasher: synchronous, a few µs, where a crypto.subtle sign or verify costs a thread
 * round trip (~50 µs) on every internal call.
 */
function hmac(secret: string, message: string): Buffer {
  return new Bun.CryptoHasher("sha256", secret).update(message).digest() as Buffer;
}

function canonical(method: string, path: string, timestamp: string, nonce: string, bodyHash: string): string {
  return [method.toUpperCase(), path, timestamp, nonce, bodyHash].join("\n");
}

function freshNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("hex");
}

type SignInput = { method: string; path: string; body: string | Uint8Array; timestampMs: number; nonce?: string };

/**
 * The signature headers of one internal call. Synchronous (Bun's native hashers), so a caller can sign and send in
 * one synchronous step: the server's chat call goes out while its hold's commit is still being written.
 */
export function signInternalRequest(secret: string, input: SignInput): Record<string, string> {
  const timestamp = String(input.timestampMs);
  const nonce = input.nonce ?? freshNonce();
  const message = canonical(input.method, input.path, timestamp, nonce, sha256HexNow(input.body));
  const signature = hmac(secret, message).toString("hex");
  return { [SIGNATURE_HEADER]: signature, [TIMESTAMP_HEADER]: timestamp, [NONCE_HEADER]: nonce };
}

export type SignatureCheck = { ok: true } | { ok: false; reason: "missing" | "malformed" | "stale" | "mismatch" };

/**
 * Verifies in constant time (timingSafeEqual) and rejects timestamps outside the window. A valid signature
 * may still be a replay: the caller must also check it was not seen before (the gateway's seen-signature store).
 */
export async function verifyInternalRequest(
  secret: string,
  input: {
    method: string;
    path: string;
    body: Uint8Array;
    signature: string | undefined;
    timestamp: string | undefined;
    nonce: string | undefined;
    nowMs: number;
  },
): Promise<SignatureCheck> {
  if (!input.signature || !input.timestamp || !input.nonce) return { ok: false, reason: "missing" };
  if (
    !/^\d{1,16}$/.test(input.timestamp) ||
    !/^[0-9a-f]{64}$/.test(input.signature) ||
    !/^[0-9a-f]{32}$/.test(input.nonce)
  ) {
    return { ok: false, reason: "malformed" };
  }
  if (Math.abs(input.nowMs - Number(input.timestamp)) > SIGNATURE_WINDOW_MS) return { ok: false, reason: "stale" };
  const message = canonical(input.method, input.path, input.timestamp, input.nonce, await sha256Hex(input.body));
  // Both 32 bytes (the signature's shape was checked above), compared in constant time.
  const valid = timingSafeEqual(hmac(secret, message), Buffer.from(input.signature, "hex"));
  return valid ? { ok: true } : { ok: false, reason: "mismatch" };
}
