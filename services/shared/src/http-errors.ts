// Turns every thrown error into the platform's JSON error shape, for both services' Hono apps.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { AppError } from "./errors";

/** The onError handler of a service; `service` names it in the log line of an unexpected error. */
export function onErrorFor(service: string): (err: Error, c: Context) => Response {
  return function onError(err, c) {
    if (err instanceof AppError) {
      if (err.retryAfterSeconds !== undefined) c.header("Retry-After", String(err.retryAfterSeconds));
      return c.json(err.toJSON(), err.status);
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      // A body the JSON parser cannot read surfaces here as a 400 HTTPException.
      return c.json(
        {
          error: {
            code: status === 401 ? "unauthorized" : "invalid_request",
            message: err.message || "request rejected",
          },
        },
        status,
      );
    }
    console.error(`[${service}] unhandled error`, err);
    return c.json(INTERNAL_ERROR, 500);
  };
}

const INTERNAL_ERROR = { error: { code: "internal_error", message: "internal error" } };

/**
 * Bun.serve's `error` option: the last net under the app's own onError, for anything that escapes Hono, so even
 * then the answer is the JSON error shape and never Bun's plain-text or HTML error page.
 */
export function serveErrorFor(service: string): (err: Error) => Response {
  return function serveError(err) {
    console.error(`[${service}] error outside the app`, err);
    return Response.json(INTERNAL_ERROR, { status: 500 });
  };
}

export function notFound(c: Context): Response {
  return c.json({ error: { code: "not_found", message: `no route for ${c.req.method} ${c.req.path}` } }, 404);
}
