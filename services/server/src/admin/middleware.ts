// Who is operating: an admin-type JWT of an active operator. Tenant keys and tenant-user tokens are refused.
import type { Admin } from "@waule/db/server";
import { AppError } from "@waule/shared/errors";
import type { MiddlewareHandler } from "hono";
import type { ServerDeps } from "../deps";
import { findActiveAdmin } from "./admins";
import { readAdminToken } from "./tokens";

export type AdminEnv = { Variables: { admin: Admin } };

export function requireAdmin(deps: Pick<ServerDeps, "db" | "clock" | "config">): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
    if (!match?.[1]) throw new AppError("unauthorized", "an operator login token is required");
    const claims = await readAdminToken(deps.config.JWT_SECRET, match[1], deps.clock.now());
    if (!claims) throw new AppError("unauthorized", "invalid or expired operator token");
    const admin = await findActiveAdmin(deps.db, claims.adminId);
    if (!admin) throw new AppError("unauthorized", "the operator is no longer active");
    if (admin.tokenVersion !== claims.ver)
      throw new AppError("unauthorized", "this session has ended (password or role changed); sign in again");
    c.set("admin", admin);
    await next();
  };
}
