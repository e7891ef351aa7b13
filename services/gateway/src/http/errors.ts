// Turns every thrown error into the platform's JSON error shape.
import { AppError } from "@waule/shared/errors";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";

export function onError(err: Error, c: Context): Response {
  if (err instanceof AppError) return c.json(err.toJSON(), err.status);
  if (err instanceof HTTPException) {
    const status = err.status;
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
  console.error("[gateway] unhandled error", err);
  return c.json({ error: { code: "internal_error", message: "internal error" } }, 500);
}

export function notFound(c: Context): Response {
  return c.json({ error: { code: "not_found", message: `no route for ${c.req.method} ${c.req.path}` } }, 404);
}
