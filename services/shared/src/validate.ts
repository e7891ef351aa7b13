// zod validation for Hono routes of both services: a bad body, query or param answers the platform's 400 JSON error
// (invalid_request, naming the first bad field) instead of zod's raw issues. The same schema describes the route in
// the OpenAPI document (hono-openapi reads the marker this attaches), so the reference can never drift from validation.
import { zValidator } from "@hono/zod-validator";
import type { Context, Env, ValidationTargets } from "hono";
import { resolver, uniqueSymbol } from "hono-openapi";
import { type ZodType, z } from "zod";
import { AppError } from "./errors";

/** The JSON media types Hono's body validator parses (application/json, application/*+json, any parameters). */
const JSON_TYPE = /^application\/([a-z-.]+\+)?json(\s*;.*)?$/i;

/**
 * Hono reads a body of any other content type as `{}`, so `{"name":"x"}` sent as text/plain would pass as an empty
 * object and defaults would be written. A JSON route refuses such a body with 415 instead; a request with no body at
 * all (and no content type) still reads as `{}`, so body-less calls of routes whose fields are all optional work.
 */
async function assertJsonBody(c: Context): Promise<void> {
  const type = c.req.header("content-type");
  if (type === undefined ? (await c.req.text()).length === 0 : JSON_TYPE.test(type)) return;
  throw new AppError(
    "unsupported_media_type",
    type === undefined
      ? "the request body must be JSON: send it with Content-Type: application/json"
      : `the request body must be JSON (Content-Type: application/json), not ${type.split(";")[0]!.trim().slice(0, 100)}`,
  );
}

/**
 * zod compiles an object schema into one generated function, but uses it only for a synchronous parse; the async
 * parse the validator would run walks the schema generically (about twice the time for a chat body). Every route
 * parses synchronously, and a schema with an async check (none today) falls back to the async parse.
 */
function parseFast<T extends ZodType>(schema: T, value: unknown) {
  try {
    return schema.safeParse(value);
  } catch (err) {
    if (err instanceof z.core.$ZodAsyncError) return schema.safeParseAsync(value);
    throw err;
  }
}

type ValidationFunction<T extends ZodType, Target extends keyof ValidationTargets> = NonNullable<
  Parameters<typeof zValidator<T, Target, Env, string>>[3]
>["validationFunction"];

export function validate<T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  const middleware = zValidator(
    target,
    schema,
    async (result, c) => {
      if (target === "json") await assertJsonBody(c);
      if (!result.success) {
        // The kind and limit travel too, so a client can say "at least 8 characters" in its own language.
        const issues = result.error.issues.map((i) => ({
          path: i.path.join("."),
          message: i.message,
          code: i.code,
          ...("origin" in i && typeof i.origin === "string" ? { origin: i.origin } : {}),
          ...("minimum" in i ? { minimum: Number(i.minimum) } : {}),
          ...("maximum" in i ? { maximum: Number(i.maximum) } : {}),
        }));
        const first = issues[0];
        throw new AppError(
          "invalid_request",
          first ? `${first.path || target}: ${first.message}` : "invalid request",
          issues,
        );
      }
    },
    // The option's type is conditional on the schema's zod version, which a generic T leaves open; for a zod 4
    // schema it is exactly what parseFast returns.
    { validationFunction: parseFast as ValidationFunction<T, Target> },
  );
  return Object.assign(middleware, { [uniqueSymbol]: { target, ...resolver(schema) } });
}
