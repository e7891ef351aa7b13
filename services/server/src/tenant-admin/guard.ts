// Who may manage a tenant (users, keys, ledger, storage, webhooks): its API keys (the tenant's root credential, as
// ops hands it out) and its logged-in admins. A member's JWT may not (403) — members use the platform and change their own password.
import { AppError } from "@waule/shared/errors";
import type { MiddlewareHandler } from "hono";
import type { AuthEnv, Principal } from "../auth/middleware";

export function canManageTenant(principal: Principal): boolean {
  return principal.via === "api_key" || principal.user?.role === "admin";
}

export const requireTenantManager: MiddlewareHandler<AuthEnv> = async (c, next) => {
  if (!canManageTenant(c.var.principal))
    throw new AppError("forbidden", "only a tenant admin or the tenant's API key may do this");
  await next();
};
