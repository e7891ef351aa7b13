// Signing of webhook bodies, and the verify function tenants copy into their receivers.
//
// Header:  X-Waule-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
// The timestamp is inside the signed text, so a captured delivery cannot be replayed later with a
// fresh `t`; receivers reject signatures older than a tolerance (5 minutes by default). Each retry is
// signed anew with its own `t`. Several v1= entries may appear while a tenant rotates its secret.
import { createHmac, timingSafeEqual } from "node:crypto";

export const WEBHOOK_SIGNATURE_HEADER = "X-Waule-Signature";

export function webhookSignature(secret: string, body: string, timestampSeconds: number): string {
  const t = Math.floor(timestampSeconds);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${v1}`;
}

export type WebhookCheck =
  | { ok: true; timestamp: number }
  | { ok: false; reason: "missing" | "malformed" | "stale" | "mismatch" };

/**
 * Self-contained (node:crypto only) so a tenant can paste it into a Node, Bun or Deno receiver.
 * `body` must be the raw request body exactly as received, before any JSON parsing.
 */
export function verifyWebhook(
  secret: string,
  body: string,
  header: string | null | undefined,
  opts: { nowSeconds?: number; toleranceSeconds?: number } = {},
): WebhookCheck {
  if (!header) return { ok: false, reason: "missing" };
  let t: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [k, v] = part.trim().split("=", 2);
    if (k === "t" && v && /^\d{1,12}$/.test(v)) t = Number(v);
    else if (k === "v1" && v && /^[0-9a-f]{64}$/.test(v)) signatures.push(v);
  }
  if (t === null || signatures.length === 0) return { ok: false, reason: "malformed" };
  const now = opts.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (opts.toleranceSeconds ?? 300)) return { ok: false, reason: "stale" };
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  const match = signatures.some((s) => timingSafeEqual(Buffer.from(s, "hex"), expected));
  return match ? { ok: true, timestamp: t } : { ok: false, reason: "mismatch" };
}
