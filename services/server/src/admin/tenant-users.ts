// Operator management of a tenant's users: list with seat count, create within the seat limit, patch (activate, password, role).
import type { ServerDb } from "@waule/db/connect";
import { tenantUsers, type TenantUser } from "@waule/db/server";
import type { AdminTenantUser, AdminTenantUserList, UserCreateRequest, UserPatchRequest } from "@waule/shared/admin";
import { AppError } from "@waule/shared/errors";
import { and, asc, eq } from "drizzle-orm";
import type { Clock, Ids } from "../deps";
import { getTenant } from "../tenants/tenants";
import { addTenantUser } from "../users/users";

export function toAdminUser(u: TenantUser): AdminTenantUser {
  return {
    id: u.id,
    username: u.username,
    nickname: u.nickname,
    role: u.role,
    isActive: u.isActive,
    createdAt: u.createdAt.toISOString(),
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  };
}

export async function listTenantUsers(db: ServerDb, tenantId: string): Promise<AdminTenantUserList> {
  const tenant = await getTenant(db, tenantId);
  const rows = await db.query.tenantUsers.findMany({ where: eq(tenantUsers.tenantId, tenantId), orderBy: [asc(tenantUsers.createdAt), asc(tenantUsers.id)] });
  return { data: rows.map(toAdminUser), seats: { used: rows.length, max: tenant.maxUsers } };
}

/** The seat limit is enforced by addTenantUser (403 once maxUsers users exist, active or not). */
export function createTenantUser(ctx: { db: ServerDb; clock: Clock; ids: Ids }, tenantId: string, input: UserCreateRequest & { role: "member" | "admin" }) {
  return addTenantUser(ctx, { tenantId, username: input.username, password: input.password, nickname: input.nickname ?? null, admin: input.role === "admin" });
}

export async function patchTenantUser(db: ServerDb, tenantId: string, userId: string, patch: UserPatchRequest): Promise<TenantUser> {
  const existing = await db.query.tenantUsers.findFirst({ where: and(eq(tenantUsers.id, userId), eq(tenantUsers.tenantId, tenantId)) });
  if (!existing) throw new AppError("not_found", `user ${userId} not found in tenant ${tenantId}`);
  const set: Partial<typeof tenantUsers.$inferInsert> = {};
  if (patch.isActive !== undefined) set.isActive = patch.isActive;
  if (patch.role !== undefined) set.role = patch.role;
  if (patch.nickname !== undefined) set.nickname = patch.nickname ?? null;
  if (patch.password !== undefined) set.passwordHash = await Bun.password.hash(patch.password);
  const [updated] = await db.update(tenantUsers).set(set).where(eq(tenantUsers.id, userId)).returning();
  if (!updated) throw new AppError("not_found", `user ${userId} not found`);
  return updated;
}
