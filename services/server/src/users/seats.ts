// The one place tenant users are created and changed, whoever asks (ops script, operator API, tenant self-service):
// seats are held by ACTIVE users (≤ tenants.maxUsers), a tenant keeps at least one active admin, and a
// password reset, role change or deactivation ends the user's sessions (token_version + 1).
//
// Both rules are checked inside the statement that writes (INSERT … SELECT … WHERE / UPDATE … WHERE),
// so two callers acting at once cannot together overfill the seats or remove the last admin.
import type { ServerDb } from "@waule/db/connect";
import { type TenantUser, tenantUsers } from "@waule/db/server";
import type { Clock, Ids } from "@waule/shared/clock";
import { AppError } from "@waule/shared/errors";
import type { Seats, TenantRole } from "@waule/shared/tenant-users";
import { and, eq, type SQL, sql } from "drizzle-orm";
import { getTenant } from "../tenants/tenants";

type Ctx = { db: ServerDb; clock: Clock; ids: Ids };

const ACTIVE_COUNT = "(SELECT COUNT(*) FROM tenant_users WHERE tenant_id = ? AND is_active = 1)";
const SEAT_FREE = `${ACTIVE_COUNT} < (SELECT max_users FROM tenants WHERE id = ?)`;

/** Seats are held by active users: deactivating someone frees a seat, reactivating takes one. 404 for an unknown tenant. */
export async function seatsOf(db: ServerDb, tenantId: string): Promise<Seats> {
  const tenant = await getTenant(db, tenantId);
  const rs = await db.$client.execute({ sql: `SELECT ${ACTIVE_COUNT} AS n`, args: [tenantId] });
  return { used: Number(rs.rows[0]?.n ?? 0), max: tenant.maxUsers };
}

/** A condition for `UPDATE tenants … WHERE`: the tenant's active users fit in `maxUsers` (a new limit). */
export function activeUsersFit(tenantId: string, maxUsers: number): SQL {
  return sql`(SELECT COUNT(*) FROM tenant_users WHERE tenant_id = ${tenantId} AND is_active = 1) <= ${maxUsers}`;
}

async function seatsFull(db: ServerDb, tenantId: string): Promise<AppError> {
  const seats = await seatsOf(db, tenantId);
  return new AppError("conflict", `all ${seats.max} seats of this tenant are taken; deactivate a user first`, {
    reason: "seats_full",
    ...seats,
  });
}

const usernameTaken = (username: string) =>
  new AppError("conflict", `user ${username} already exists`, { reason: "username_taken" });

export async function findTenantUser(db: ServerDb, tenantId: string, userId: string): Promise<TenantUser> {
  const user = await db.query.tenantUsers.findFirst({
    where: and(eq(tenantUsers.id, userId), eq(tenantUsers.tenantId, tenantId)),
  });
  // Another tenant's user answers exactly like a missing one.
  if (!user) throw new AppError("not_found", `user ${userId} not found`);
  return user;
}

export type NewTenantUser = { username: string; password: string; nickname?: string | null; role?: TenantRole };

/** Stores an active user if a seat is free (409 seats_full otherwise) and the name is unused in the tenant (409 username_taken). */
export async function insertTenantUser(ctx: Ctx, tenantId: string, input: NewTenantUser): Promise<TenantUser> {
  await getTenant(ctx.db, tenantId);
  const taken = await ctx.db.query.tenantUsers.findFirst({
    where: and(eq(tenantUsers.tenantId, tenantId), eq(tenantUsers.username, input.username)),
  });
  if (taken) throw usernameTaken(input.username);
  const id = ctx.ids.make("usr");
  const hash = await Bun.password.hash(input.password);
  let inserted: number;
  try {
    const rs = await ctx.db.$client.execute({
      sql: `INSERT INTO tenant_users (id, tenant_id, username, password_hash, nickname, role, is_active, token_version, created_at)
            SELECT ?, ?, ?, ?, ?, ?, 1, 0, ? WHERE ${SEAT_FREE}`,
      args: [
        id,
        tenantId,
        input.username,
        hash,
        input.nickname ?? null,
        input.role ?? "member",
        ctx.clock.now(),
        tenantId,
        tenantId,
      ],
    });
    inserted = rs.rowsAffected;
  } catch (err) {
    // The name was taken between the check and the insert.
    if (String(err).includes("UNIQUE")) throw usernameTaken(input.username);
    throw err;
  }
  if (inserted !== 1) throw await seatsFull(ctx.db, tenantId);
  return findTenantUser(ctx.db, tenantId, id);
}

export type TenantUserChange = { nickname?: string | null; role?: TenantRole; isActive?: boolean; password?: string };

/**
 * Applies a change. Refused with nothing written: reactivating when no seat is free, and any change that
 * would leave the tenant without an active admin (deactivating or demoting the last one).
 */
export async function changeTenantUser(
  ctx: Ctx,
  tenantId: string,
  userId: string,
  input: TenantUserChange,
): Promise<TenantUser> {
  const user = await findTenantUser(ctx.db, tenantId, userId);
  const sets: string[] = [];
  const args: (string | number | null)[] = [];
  if (input.nickname !== undefined) {
    sets.push("nickname = ?");
    args.push(input.nickname);
  }
  if (input.role !== undefined) {
    sets.push("role = ?");
    args.push(input.role);
  }
  if (input.isActive !== undefined) {
    sets.push("is_active = ?");
    args.push(input.isActive ? 1 : 0);
  }
  if (input.password !== undefined) {
    sets.push("password_hash = ?");
    args.push(await Bun.password.hash(input.password));
  }
  const endsSessions =
    input.password !== undefined ||
    (input.role !== undefined && input.role !== user.role) ||
    (input.isActive === false && user.isActive);
  if (endsSessions) sets.push("token_version = token_version + 1");
  if (sets.length === 0) return user;

  const conditions = ["id = ?", "tenant_id = ?"];
  const condArgs: (string | number)[] = [userId, tenantId];
  const losesAdmin = user.role === "admin" && user.isActive && (input.role === "member" || input.isActive === false);
  if (losesAdmin) {
    conditions.push(
      "EXISTS (SELECT 1 FROM tenant_users o WHERE o.tenant_id = ? AND o.id <> ? AND o.role = 'admin' AND o.is_active = 1)",
    );
    condArgs.push(tenantId, userId);
  }
  const takesSeat = !user.isActive && input.isActive === true;
  if (takesSeat) {
    // Checked against the row's current state too, so a racing reactivation of the same user is not counted twice.
    conditions.push(`(is_active = 1 OR ${SEAT_FREE})`);
    condArgs.push(tenantId, tenantId);
  }
  const rs = await ctx.db.$client.execute({
    sql: `UPDATE tenant_users SET ${sets.join(", ")} WHERE ${conditions.join(" AND ")}`,
    args: [...args, ...condArgs],
  });
  if (rs.rowsAffected !== 1) {
    if (takesSeat) {
      const seats = await seatsOf(ctx.db, tenantId);
      if (seats.used >= seats.max) throw await seatsFull(ctx.db, tenantId);
    }
    if (losesAdmin)
      throw new AppError("conflict", "the tenant must keep at least one active admin", { reason: "last_admin" });
    throw new AppError("not_found", `user ${userId} not found`);
  }
  return findTenantUser(ctx.db, tenantId, userId);
}

/** A user's own change: the old password must match; the new one replaces it and ends every older session. */
export async function changeOwnPassword(
  db: ServerDb,
  user: TenantUser,
  oldPassword: string,
  newPassword: string,
): Promise<TenantUser> {
  const current = await findTenantUser(db, user.tenantId, user.id);
  if (!(await Bun.password.verify(oldPassword, current.passwordHash)))
    throw new AppError("invalid_request", "the current password is wrong", { reason: "wrong_password" });
  const [updated] = await db
    .update(tenantUsers)
    .set({ passwordHash: await Bun.password.hash(newPassword), tokenVersion: sql`${tenantUsers.tokenVersion} + 1` })
    .where(eq(tenantUsers.id, user.id))
    .returning();
  if (!updated) throw new AppError("not_found", `user ${user.id} not found`);
  return updated;
}
