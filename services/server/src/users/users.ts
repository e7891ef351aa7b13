// Tenant users: the people who log in to the web app on a tenant's behalf (passwords via Bun.password).
import type { ServerDb } from "@waule/db/connect";
import { type TenantUser, tenantUsers } from "@waule/db/server";
import type { Clock, Ids } from "@waule/shared/clock";
import { AppError } from "@waule/shared/errors";
import {
  type TenantUserList,
  type TenantUserView,
  tenantUsername,
  tenantUserPassword,
} from "@waule/shared/tenant-users";
import { and, asc, eq } from "drizzle-orm";
import { insertTenantUser, seatsOf } from "./seats";

type Ctx = { db: ServerDb; clock: Clock; ids: Ids };

/** The ops script's and the tests' way in: checks the name and password as the APIs do, then the one seat rule (users/seats.ts). */
export async function addTenantUser(
  ctx: Ctx,
  input: { tenantId: string; username: string; password: string; nickname?: string | null; admin?: boolean },
): Promise<TenantUser> {
  const username = tenantUsername.safeParse(input.username);
  if (!username.success) throw new AppError("invalid_request", username.error.issues[0]?.message ?? "invalid username");
  const password = tenantUserPassword.safeParse(input.password);
  if (!password.success) throw new AppError("invalid_request", password.error.issues[0]?.message ?? "invalid password");
  return insertTenantUser(ctx, input.tenantId, {
    username: username.data,
    password: password.data,
    nickname: input.nickname ?? null,
    role: input.admin ? "admin" : "member",
  });
}

export function toTenantUserView(u: TenantUser): TenantUserView {
  return {
    id: u.id,
    username: u.username,
    nickname: u.nickname,
    role: u.role,
    isActive: u.isActive,
    createdAt: u.createdAt.toISOString(),
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    caps: {
      capDaily: u.capDaily,
      capMonthly: u.capMonthly,
      spentDay: u.spentDay,
      spentDayCredits: u.spentDayCredits,
      spentMonth: u.spentMonth,
      spentMonthCredits: u.spentMonthCredits,
    },
  };
}

/** Every user of the tenant (active or not) with its seats; 404 for an unknown tenant. */
export async function listTenantUsers(db: ServerDb, tenantId: string): Promise<TenantUserList> {
  const seats = await seatsOf(db, tenantId);
  const rows = await db
    .select()
    .from(tenantUsers)
    .where(eq(tenantUsers.tenantId, tenantId))
    .orderBy(asc(tenantUsers.createdAt), asc(tenantUsers.id));
  return { data: rows.map(toTenantUserView), seats };
}

/** The active user with this name and password in this tenant, or null. */
export async function verifyTenantUser(
  db: ServerDb,
  tenantId: string,
  username: string,
  password: string,
): Promise<TenantUser | null> {
  const user = await db.query.tenantUsers.findFirst({
    where: and(eq(tenantUsers.tenantId, tenantId), eq(tenantUsers.username, username)),
  });
  if (!user?.isActive) {
    // Hash anyway so an unknown name takes as long as a wrong password.
    await Bun.password.verify(password, await dummyHash());
    return null;
  }
  return (await Bun.password.verify(password, user.passwordHash)) ? user : null;
}

export function findActiveUser(db: ServerDb, tenantId: string, userId: string): Promise<TenantUser | undefined> {
  return db.query.tenantUsers.findFirst({
    where: and(eq(tenantUsers.id, userId), eq(tenantUsers.tenantId, tenantId), eq(tenantUsers.isActive, true)),
  });
}

export async function recordLogin(db: ServerDb, userId: string, now: number): Promise<void> {
  await db
    .update(tenantUsers)
    .set({ lastLoginAt: new Date(now) })
    .where(eq(tenantUsers.id, userId));
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= Bun.password.hash("waule-timing-equaliser");
  return dummy;
}
