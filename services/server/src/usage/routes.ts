// GET /api/v1/usage: the caller's own tenant's usage, paginated and filterable.
import { usageQuery } from "@waule/shared/account";
import { Hono } from "hono";
import type { AuthEnv } from "../auth/middleware";
import type { ServerDeps } from "../deps";
import { validate } from "../http/validate";
import { listUsage } from "./usage";

export function usageRoutes(deps: ServerDeps) {
  return new Hono<AuthEnv>().get("/", validate("query", usageQuery), async (c) => {
    return c.json(await listUsage(deps.db, c.var.principal.tenant.id, c.req.valid("query")));
  });
}
