// /api/v1/tenant/storage: whoever may manage the tenant (its API key or a logged-in tenant admin) reads, sets or clears its own bucket.
import { Hono } from "hono";
import type { AuthEnv } from "../auth/middleware";
import { validate } from "../http/validate";
import { requireTenantManager } from "../tenant-admin/guard";
import { customStorageConfig } from "./config";
import { describeTenantStorage, type TenantStorageDeps, useCustomStorage, usePlatformStorage } from "./tenant-storage";

export function tenantStorageRoutes(deps: TenantStorageDeps) {
  return new Hono<AuthEnv>()
    .use("*", requireTenantManager)
    .get("/", async (c) => c.json(await describeTenantStorage(deps, c.var.principal.tenant.id)))
    .put("/", validate("json", customStorageConfig), async (c) =>
      c.json(await useCustomStorage(deps, c.var.principal.tenant.id, c.req.valid("json"))),
    )
    .delete("/", async (c) => c.json(await usePlatformStorage(deps, c.var.principal.tenant.id)));
}
