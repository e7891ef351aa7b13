// Caps request bodies before anything reads them (the internal HMAC check buffers the whole body): 413 JSON past the cap.
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

const MB = 1024 * 1024;
/** Server→gateway calls carry tenants' data: images (Midjourney: up to five 14M-character ones), re-encoded by the server. */
export const INTERNAL_BODY_BYTES = 80 * MB;
/** The management API and everything else take small JSON bodies. */
export const DEFAULT_BODY_BYTES = 1 * MB;

/** Hono's bodyLimit checks Content-Length up front and counts chunked bodies as they stream. */
function cappedBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      c.json({ error: { code: "payload_too_large", message: `request body exceeds ${maxBytes / MB} MB` } }, 413),
  });
}

/** /internal/* gets INTERNAL_BODY_BYTES, any other path DEFAULT_BODY_BYTES. */
export function gatewayBodyLimits(): MiddlewareHandler {
  const internal = cappedBody(INTERNAL_BODY_BYTES);
  const small = cappedBody(DEFAULT_BODY_BYTES);
  return (c, next) => (/^\/internal(\/|$)/.test(c.req.path) ? internal : small)(c, next);
}
