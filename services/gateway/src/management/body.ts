// Reads an optional JSON body (POST /:id/disable may have none) through a zod schema, answering 400 on bad input.
import { AppError } from "@waule/shared/errors";
import type { Context } from "hono";
import type { ZodType } from "zod";

/** undefined when the body is empty; the parsed value otherwise. */
export async function optionalBody<T>(c: Context, schema: ZodType<T>): Promise<T | undefined> {
  const text = await c.req.text();
  if (!text.trim()) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError("invalid_request", "body must be JSON");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError(
      "invalid_request",
      first ? `${first.path.join(".") || "body"}: ${first.message}` : "invalid body",
    );
  }
  return parsed.data;
}
