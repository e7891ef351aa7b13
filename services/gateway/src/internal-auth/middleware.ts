// Rejects any /internal call whose HMAC signature is missing, wrong, or outside the replay window.
import { AppError } from "@waule/shared/errors";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyInternalRequest } from "@waule/shared/internal-signature";
import type { MiddlewareHandler } from "hono";

export function internalAuth(secret: string, now: () => number): MiddlewareHandler {
  return async (c, next) => {
    const body = new Uint8Array(await c.req.raw.clone().arrayBuffer());
    const url = new URL(c.req.url);
    const check = await verifyInternalRequest(secret, {
      method: c.req.method,
      path: url.pathname + url.search,
      body,
      signature: c.req.header(SIGNATURE_HEADER),
      timestamp: c.req.header(TIMESTAMP_HEADER),
      nowMs: now(),
    });
    if (!check.ok) throw new AppError("unauthorized", `internal signature rejected: ${check.reason}`);
    await next();
  };
}
