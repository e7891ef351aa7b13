// zod validation for Hono routes of both services: a bad body, query or param answers the platform's 400 JSON error
// (invalid_request, naming the first bad field) instead of zod's raw issues. The same schema describes the route in
// the OpenAPI document (hono-openapi reads the marker this attaches), so the reference can never drift from validation.
import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import { resolver, uniqueSymbol } from "hono-openapi";
import type { ZodType } from "zod";
import { AppError } from "./errors";

export function validate<T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  const middleware = zValidator(target, schema, (result) => {
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
  });
  return Object.assign(middleware, { [uniqueSymbol]: { target, ...resolver(schema) } });
}
