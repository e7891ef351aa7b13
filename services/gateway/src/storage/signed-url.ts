// HMAC-signed, expiring links to locally stored files: the signature covers the key and the expiry.
import { createHmac, timingSafeEqual } from "node:crypto";

function signature(secret: string, key: string, expiresSeconds: number): string {
  return createHmac("sha256", secret).update(`${key}\n${expiresSeconds}`).digest("hex");
}

export function signFileUrl(input: { baseUrl: string; secret: string; key: string; expiresSeconds: number }): string {
  const path = input.key.split("/").map(encodeURIComponent).join("/");
  const sig = signature(input.secret, input.key, input.expiresSeconds);
  return `${input.baseUrl}/files/${path}?expires=${input.expiresSeconds}&sig=${sig}`;
}

export type FileSignatureCheck = { ok: true } | { ok: false; reason: "missing" | "expired" | "mismatch" };

export function verifyFileSignature(input: {
  secret: string;
  key: string;
  expires: string | undefined;
  sig: string | undefined;
  nowMs: number;
}): FileSignatureCheck {
  if (!input.expires || !input.sig || !/^\d{1,12}$/.test(input.expires) || !/^[0-9a-f]{64}$/.test(input.sig)) {
    return { ok: false, reason: "missing" };
  }
  const expected = Buffer.from(signature(input.secret, input.key, Number(input.expires)), "hex");
  // Compare before looking at the expiry so timing says nothing about which part was wrong.
  const matches = timingSafeEqual(expected, Buffer.from(input.sig, "hex"));
  if (!matches) return { ok: false, reason: "mismatch" };
  if (Number(input.expires) * 1000 <= input.nowMs) return { ok: false, reason: "expired" };
  return { ok: true };
}
