// Who is calling: a tenant API key (Bearer or X-API-Key) or a tenant-user JWT. Everything else is 401.
import type { Tenant, TenantUser } from "@waule/db/server";
import { AppError } from "@waule/shared/errors";
import type { MiddlewareHandler } from "hono";
import { findActiveKey, touchApiKey } from "../api-keys/api-keys";
import { assertKeyUsable } from "../api-keys/key-policy";
import type { ServerDeps } from "../deps";
import { getTenant } from "../tenants/tenants";
import { findActiveUser } from "../users/users";
import { clientIp } from "./client-ip";
import { readTenantUserToken } from "./tokens";

export type Principal = {
  tenant: Tenant;
  user: TenantUser | null;
  via: "api_key" | "tenant_user";
  apiKeyId: string | null;
  /** The key's allowed-model list (null: every model; always null for a signed-in user). */
  allowedModels: string[] | null;
};

export type AuthEnv = { Variables: { principal: Principal } };

/** Who a hold charges besides the tenant: the key's quotas and the member's caps (billing/spend-limits.ts). */
export function spenderOf(principal: Principal): { apiKeyId: string | null; userId: string | null } {
  return { apiKeyId: principal.apiKeyId, userId: principal.user?.id ?? null };
}

function presentedCredential(authorization: string | undefined, apiKeyHeader: string | undefined): string | null {
  if (apiKeyHeader !== undefined) return apiKeyHeader.trim();
  if (authorization === undefined) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match?.[1]) throw new AppError("unauthorized", "Authorization must be `Bearer <API key or token>`");
  return match[1];
}

/** Resolves the caller without writing anything unless the credential is good. */
export function authenticate(deps: Pick<ServerDeps, "db" | "clock" | "config">): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const credential = presentedCredential(c.req.header("authorization"), c.req.header("x-api-key"));
    if (!credential) throw new AppError("unauthorized", "an API key or login token is required");
    c.set("principal", await resolve(deps, credential, () => clientIp(c, deps.config.TRUST_PROXY === "true")));
    await next();
  };
}

async function resolve(
  deps: Pick<ServerDeps, "db" | "clock" | "config">,
  credential: string,
  ip: () => string,
): Promise<Principal> {
  const now = deps.clock.now();
  if (credential.startsWith("wk_")) {
    const found = await findActiveKey(deps.db, credential);
    if (!found) throw new AppError("unauthorized", "invalid API key");
    assertKeyUsable(found.key, ip, now);
    await touchApiKey(deps.db, found.key, now);
    return {
      tenant: found.tenant,
      user: null,
      via: "api_key",
      apiKeyId: found.key.id,
      allowedModels: found.key.allowedModels,
    };
  }
  const claims = await readTenantUserToken(deps.config.JWT_SECRET, credential, now);
  if (!claims) throw new AppError("unauthorized", "invalid or expired token");
  const tenant = await getTenant(deps.db, claims.tenantId).catch(() => null);
  const user = tenant?.isActive ? await findActiveUser(deps.db, tenant.id, claims.userId) : undefined;
  if (!tenant || !user) throw new AppError("unauthorized", "the token's tenant or user is no longer active");
  // The user row is loaded anyway; a password change/reset, role change or deactivation moved its version on.
  if (user.tokenVersion !== claims.ver)
    throw new AppError("unauthorized", "this session has ended (password or role changed); sign in again");
  return { tenant, user, via: "tenant_user", apiKeyId: null, allowedModels: null };
}
