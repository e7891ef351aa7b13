// GET /api/v1/usage: the caller's own tenant's usage, paginated and filterable; a member sees only their own calls.
import { usageQuery } from "@waule/shared/account";
import { Hono } from "hono";
import type { AuthEnv, Principal } from "../auth/middleware";
import type { ServerDeps } from "../deps";
import { validate } from "../http/validate";
import { canManageTenant } from "../tenant-admin/guard";
import { listUsage, type UsageScope } from "./usage";

export function usageScopeOf(principal: Principal): UsageScope {
  return {
    tenantId: principal.tenant.id,
    onlyUserId: canManageTenant(principal) ? null : (principal.user?.id ?? null),
  };
}

export function usageRoutes(deps: ServerDeps) {
  return new Hono<AuthEnv>().get("/", validate("query", usageQuery), async (c) => {
    return c.json(await listUsage(deps, usageScopeOf(c.var.principal), c.req.valid("query")));
  });
}
