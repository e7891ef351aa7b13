// Caps request bodies before anything parses them, so a 1 GB JSON body or data: URL is refused with 413, not buffered.
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

const MB = 1024 * 1024;
/** Routes that accept data: images (chat image_url may hold up to 20M characters, a video two 14M-character frames). */
export const MEDIA_BODY_BYTES = 32 * MB;
/** Midjourney takes up to five 14M-character data: reference images. */
export const MIDJOURNEY_BODY_BYTES = 72 * MB;
/** Everything else (login, keys, admin, tenant settings) takes small JSON bodies. */
export const DEFAULT_BODY_BYTES = 1 * MB;

const MEDIA_PATH = /^\/api\/v1\/(images|chat|videos)(\/|$)/;
const MIDJOURNEY_PATH = /^\/api\/v1\/midjourney(\/|$)/;

/**
 * One cap for a body: Hono's bodyLimit checks Content-Length up front and counts chunked bodies as they stream,
 * so neither kind is read past the cap. Answers the platform's JSON error shape.
 */
export function cappedBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      c.json({ error: { code: "payload_too_large", message: `request body exceeds ${maxBytes / MB} MB` } }, 413),
  });
}

/**
 * The server's caps: media routes MEDIA_BODY_BYTES, Midjourney MIDJOURNEY_BODY_BYTES, any other path DEFAULT_BODY_BYTES.
 * GET and HEAD carry no body, and a Content-Length without Transfer-Encoding is checked as bodyLimit checks it,
 * without it (bodyLimit asks the request for its body stream first); chunked bodies go through bodyLimit's count.
 */
export function serverBodyLimits(): MiddlewareHandler {
  const midjourney = cappedBody(MIDJOURNEY_BODY_BYTES);
  const media = cappedBody(MEDIA_BODY_BYTES);
  const small = cappedBody(DEFAULT_BODY_BYTES);
  return (c, next) => {
    const method = c.req.method;
    if (method === "GET" || method === "HEAD") return next();
    const path = c.req.path;
    const [cap, max] = MIDJOURNEY_PATH.test(path)
      ? [midjourney, MIDJOURNEY_BODY_BYTES]
      : MEDIA_PATH.test(path)
        ? [media, MEDIA_BODY_BYTES]
        : [small, DEFAULT_BODY_BYTES];
    const headers = c.req.raw.headers;
    const length = headers.get("content-length");
    if (length !== null && !headers.has("transfer-encoding") && Number.parseInt(length, 10) <= max) return next();
    return cap(c, next);
  };
}
