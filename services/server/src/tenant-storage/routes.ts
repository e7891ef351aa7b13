// /api/v1/tenant/storage: a tenant admin (logged-in user with role admin) reads, sets or clears the tenant's own bucket.
import { AppError } from "@waule/shared/errors";
import { Hono, type MiddlewareHandler } from "hono";
import type { AuthEnv } from "../auth/middleware";
import { validate } from "../http/validate";
import { customStorageConfig } from "./config";
import { describeTenantStorage, usePlatformStorage, useCustomStorage, type TenantStorageDeps } from "./tenant-storage";

/** API keys run generations; changing where a tenant's files go is a person's decision, and an admin's. */
const requireTenantAdmin: MiddlewareHandler<AuthEnv> = async (c, next) => {
  const { via, user } = c.var.principal;
  if (via !== "tenant_user" || user?.role !== "admin") throw new AppError("forbidden", "only a tenant admin (logged in) may manage storage");
  await next();
};

export function tenantStorageRoutes(deps: TenantStorageDeps) {
  return new Hono<AuthEnv>()
    .use("*", requireTenantAdmin)
    .get("/", async (c) => c.json(await describeTenantStorage(deps, c.var.principal.tenant.id)))
    .put("/", validate("json", customStorageConfig), async (c) => c.json(await useCustomStorage(deps, c.var.principal.tenant.id, c.req.valid("json"))))
    .delete("/", async (c) => c.json(await usePlatformStorage(deps, c.var.principal.tenant.id)));
}
