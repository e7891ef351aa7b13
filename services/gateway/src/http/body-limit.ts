// Caps request bodies before anything reads them (the internal HMAC check buffers the whole body): 413 JSON past the cap.
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

const MB = 1024 * 1024;
/** Server→gateway calls carry tenants' data: images (Midjourney: up to five 14M-character ones), re-encoded by the server. */
export const INTERNAL_BODY_BYTES = 80 * MB;
/** The management API and everything else take small JSON bodies. */
export const DEFAULT_BODY_BYTES = 1 * MB;

/**
 * A declared Content-Length is checked from the header alone: touching `c.req.raw.body` (as Hono's bodyLimit does
 * first) turns Bun's buffered body into a ReadableStream on every call, which every later read then pays for.
 * Anything else (chunked, or no length) goes through Hono's bodyLimit, which counts the body as it streams.
 */
function cappedBody(maxBytes: number): MiddlewareHandler {
  const tooLarge = (c: Context) =>
    c.json({ error: { code: "payload_too_large", message: `request body exceeds ${maxBytes / MB} MB` } }, 413);
  const counted = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    const length = c.req.header("content-length");
    if (length !== undefined && c.req.header("transfer-encoding") === undefined && /^\d+$/.test(length)) {
      if (Number(length) > maxBytes) return tooLarge(c);
      await next();
      return;
    }
    return counted(c, next);
  };
}

/** /internal/* gets INTERNAL_BODY_BYTES, any other path DEFAULT_BODY_BYTES. */
export function gatewayBodyLimits(): MiddlewareHandler {
  const internal = cappedBody(INTERNAL_BODY_BYTES);
  const small = cappedBody(DEFAULT_BODY_BYTES);
  return (c, next) => (/^\/internal(\/|$)/.test(c.req.path) ? internal : small)(c, next);
}
