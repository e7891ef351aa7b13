// Rejects any /internal call whose HMAC signature is missing, wrong, outside the window, or already used (a replay).
import type { Clock } from "@waule/shared/clock";
import { AppError } from "@waule/shared/errors";
import {
  NONCE_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyInternalRequest,
} from "@waule/shared/internal-signature";
import type { MiddlewareHandler } from "hono";
import type { SeenSignatures } from "./seen-signatures";

export function internalAuth(secret: string, clock: Clock, seen: SeenSignatures): MiddlewareHandler {
  return async (c, next) => {
    // Read once, without a clone: Hono keeps the bytes, and the route's validator parses its JSON from them.
    const body = new Uint8Array(await c.req.arrayBuffer());
    const url = new URL(c.req.url);
    const signature = c.req.header(SIGNATURE_HEADER);
    const timestamp = c.req.header(TIMESTAMP_HEADER);
    const nowMs = clock.now();
    const check = await verifyInternalRequest(secret, {
      method: c.req.method,
      path: url.pathname + url.search,
      body,
      signature,
      timestamp,
      nonce: c.req.header(NONCE_HEADER),
      nowMs,
    });
    if (!check.ok) throw new AppError("unauthorized", `internal signature rejected: ${check.reason}`);
    // Verified, so both are present and well-formed. Past timestamp + window the signature fails as stale anyway.
    const signedAt = Number(timestamp);
    const outcome = await seen.remember(signature!, signedAt, nowMs);
    if (outcome === "replayed") throw new AppError("unauthorized", "internal signature rejected: replayed");
    if (outcome === "before-restart")
      throw new AppError("unauthorized", "internal signature rejected: signed before this machine restarted");
    await next();
  };
}
