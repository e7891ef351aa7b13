// A tenant's own users as its admins manage them: seats (active users ≤ tenants.maxUsers) and at least one active admin.
//
// Both rules are checked inside the statement that writes (INSERT … SELECT … WHERE / UPDATE … WHERE),
// so two admins acting at once cannot together overfill the seats or remove the last admin.
import type { ServerDb } from "@waule/db/connect";
import { tenantUsers, type TenantUser } from "@waule/db/server";
import { AppError } from "@waule/shared/errors";
import type { CreateTenantUserRequest, TenantUserList, TenantUserView, UpdateTenantUserRequest } from "@waule/shared/tenant-admin";
import { and, asc, eq } from "drizzle-orm";
import type { Clock, Ids } from "../deps";
import { getTenant } from "../tenants/tenants";

type Ctx = { db: ServerDb; clock: Clock; ids: Ids };

export function userView(u: TenantUser): TenantUserView {
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

/** Seats are held by active users: deactivating someone frees a seat, reactivating takes one. */
export async function seatsOf(db: ServerDb, tenantId: string): Promise<{ used: number; max: number }> {
  const tenant = await getTenant(db, tenantId);
  const rs = await db.$client.execute({ sql: "SELECT COUNT(*) AS n FROM tenant_users WHERE tenant_id = ? AND is_active = 1", args: [tenantId] });
  return { used: Number(rs.rows[0]?.n ?? 0), max: tenant.maxUsers };
}

export async function listTenantUsers(db: ServerDb, tenantId: string): Promise<TenantUserList> {
  const rows = await db.select().from(tenantUsers).where(eq(tenantUsers.tenantId, tenantId)).orderBy(asc(tenantUsers.createdAt), asc(tenantUsers.id));
  return { data: rows.map(userView), seats: await seatsOf(db, tenantId) };
}

const SEAT_FREE = "(SELECT COUNT(*) FROM tenant_users WHERE tenant_id = ? AND is_active = 1) < (SELECT max_users FROM tenants WHERE id = ?)";

async function seatsFull(db: ServerDb, tenantId: string): Promise<AppError> {
  const seats = await seatsOf(db, tenantId);
  return new AppError("conflict", `all ${seats.max} seats of this tenant are taken; deactivate a user first`, { reason: "seats_full", ...seats });
}

async function findUser(db: ServerDb, tenantId: string, userId: string): Promise<TenantUser> {
  const user = await db.query.tenantUsers.findFirst({ where: and(eq(tenantUsers.id, userId), eq(tenantUsers.tenantId, tenantId)) });
  // Another tenant's user answers exactly like a missing one.
  if (!user) throw new AppError("not_found", `user ${userId} not found`);
  return user;
}

export async function createTenantUser(ctx: Ctx, tenantId: string, input: CreateTenantUserRequest): Promise<TenantUserView> {
  const taken = await ctx.db.query.tenantUsers.findFirst({ where: and(eq(tenantUsers.tenantId, tenantId), eq(tenantUsers.username, input.username)) });
  if (taken) throw new AppError("conflict", `user ${input.username} already exists`, { reason: "username_taken" });
  const id = ctx.ids.make("usr");
  const hash = await Bun.password.hash(input.password);
  let inserted: number;
  try {
    const rs = await ctx.db.$client.execute({
      sql: `INSERT INTO tenant_users (id, tenant_id, username, password_hash, nickname, role, is_active, created_at)
            SELECT ?, ?, ?, ?, ?, ?, 1, ? WHERE ${SEAT_FREE}`,
      args: [id, tenantId, input.username, hash, input.nickname ?? null, input.role ?? "member", ctx.clock.now(), tenantId, tenantId],
    });
    inserted = rs.rowsAffected;
  } catch (err) {
    // The name was taken between the check and the insert.
    if (String(err).includes("UNIQUE")) throw new AppError("conflict", `user ${input.username} already exists`, { reason: "username_taken" });
    throw err;
  }
  if (inserted !== 1) throw await seatsFull(ctx.db, tenantId);
  return userView(await findUser(ctx.db, tenantId, id));
}

/**
 * Applies an admin's change. Refused with nothing written: taking a seat when none is free (reactivating),
 * and any change that would leave the tenant without an active admin (deactivating or demoting the last one).
 */
export async function updateTenantUser(ctx: Ctx, tenantId: string, userId: string, input: UpdateTenantUserRequest): Promise<TenantUserView> {
  const user = await findUser(ctx.db, tenantId, userId);
  const sets: string[] = [];
  const args: (string | number | null)[] = [];
  if (input.nickname !== undefined) (sets.push("nickname = ?"), args.push(input.nickname));
  if (input.role !== undefined) (sets.push("role = ?"), args.push(input.role));
  if (input.isActive !== undefined) (sets.push("is_active = ?"), args.push(input.isActive ? 1 : 0));
  if (input.password !== undefined) (sets.push("password_hash = ?"), args.push(await Bun.password.hash(input.password)));

  const conditions = ["id = ?", "tenant_id = ?"];
  const condArgs: (string | number)[] = [userId, tenantId];
  const losesAdmin = user.role === "admin" && user.isActive && (input.role === "member" || input.isActive === false);
  if (losesAdmin) {
    conditions.push("EXISTS (SELECT 1 FROM tenant_users o WHERE o.tenant_id = ? AND o.id <> ? AND o.role = 'admin' AND o.is_active = 1)");
    condArgs.push(tenantId, userId);
  }
  const takesSeat = !user.isActive && input.isActive === true;
  if (takesSeat) {
    conditions.push(SEAT_FREE);
    condArgs.push(tenantId, tenantId);
  }
  const rs = await ctx.db.$client.execute({ sql: `UPDATE tenant_users SET ${sets.join(", ")} WHERE ${conditions.join(" AND ")}`, args: [...args, ...condArgs] });
  if (rs.rowsAffected !== 1) {
    if (takesSeat) {
      const seats = await seatsOf(ctx.db, tenantId);
      if (seats.used >= seats.max) throw await seatsFull(ctx.db, tenantId);
    }
    if (losesAdmin) throw new AppError("conflict", "the tenant must keep at least one active admin", { reason: "last_admin" });
    throw new AppError("not_found", `user ${userId} not found`);
  }
  return userView(await findUser(ctx.db, tenantId, userId));
}

/** Every user's own change: the old password must match; the new one replaces it at once. */
export async function changeOwnPassword(db: ServerDb, user: TenantUser, oldPassword: string, newPassword: string): Promise<void> {
  const current = await findUser(db, user.tenantId, user.id);
  if (!(await Bun.password.verify(oldPassword, current.passwordHash))) throw new AppError("invalid_request", "the current password is wrong", { reason: "wrong_password" });
  await db.update(tenantUsers).set({ passwordHash: await Bun.password.hash(newPassword) }).where(eq(tenantUsers.id, user.id));
}
