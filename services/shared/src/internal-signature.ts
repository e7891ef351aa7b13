// HMAC-SHA256 signing of server→gateway calls: method, path, timestamp, nonce and body hash, keyed by INTERNAL_SECRET.
// The nonce makes every signature unique, so the gateway can refuse a replayed one (two identical calls in the same
// millisecond still differ) by remembering the signatures it saw within the window.
export const SIGNATURE_HEADER = "x-waule-signature";
export const TIMESTAMP_HEADER = "x-waule-timestamp";
export const NONCE_HEADER = "x-waule-nonce";
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

const encoder = new TextEncoder();

function toHex(bytes: ArrayBuffer): string {
  return Buffer.from(bytes).toString("hex");
}

export async function sha256Hex(body: string | Uint8Array): Promise<string> {
  const data = typeof body === "string" ? encoder.encode(body) : body;
  return toHex(await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
}

/** Imported once per secret: every internal call signs (server) or verifies (gateway) with it. */
const hmacKeys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = hmacKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    if (hmacKeys.size >= 16) hmacKeys.clear();
    hmacKeys.set(secret, key);
  }
  return key;
}

function canonical(method: string, path: string, timestamp: string, nonce: string, bodyHash: string): string {
  return [method.toUpperCase(), path, timestamp, nonce, bodyHash].join("\n");
}

function freshNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("hex");
}

export async function signInternalRequest(
  secret: string,
  input: { method: string; path: string; body: string | Uint8Array; timestampMs: number; nonce?: string },
): Promise<Record<string, string>> {
  const timestamp = String(input.timestampMs);
  const nonce = input.nonce ?? freshNonce();
  const message = canonical(input.method, input.path, timestamp, nonce, await sha256Hex(input.body));
  const signature = toHex(await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(message)));
  return { [SIGNATURE_HEADER]: signature, [TIMESTAMP_HEADER]: timestamp, [NONCE_HEADER]: nonce };
}

export type SignatureCheck = { ok: true } | { ok: false; reason: "missing" | "malformed" | "stale" | "mismatch" };

/**
 * Verifies in constant time (crypto.subtle.verify) and rejects timestamps outside the window. A valid signature
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
  const valid = await crypto.subtle.verify(
    "HMAC",
    await hmacKey(secret),
    Buffer.from(input.signature, "hex"),
    encoder.encode(message),
  );
  return valid ? { ok: true } : { ok: false, reason: "mismatch" };
}
