// Tenant users: the people who log in to the web app on a tenant's behalf (passwords via Bun.password).
import type { ServerDb } from "@waule/db/connect";
import { tenantUsers, type TenantUser } from "@waule/db/server";
import { AppError } from "@waule/shared/errors";
import { and, count, eq } from "drizzle-orm";
import type { Clock, Ids } from "../deps";
import { getTenant } from "../tenants/tenants";

type Ctx = { db: ServerDb; clock: Clock; ids: Ids };

export async function addTenantUser(
  ctx: Ctx,
  input: { tenantId: string; username: string; password: string; nickname?: string | null; admin?: boolean },
): Promise<TenantUser> {
  const username = input.username.trim();
  if (!/^[A-Za-z0-9_.@-]{3,100}$/.test(username)) throw new AppError("invalid_request", "username must be 3-100 letters, digits or _.@-");
  if (input.password.length < 8) throw new AppError("invalid_request", "password must be at least 8 characters");
  const tenant = await getTenant(ctx.db, input.tenantId);
  const [seats] = await ctx.db.select({ n: count() }).from(tenantUsers).where(eq(tenantUsers.tenantId, tenant.id));
  if ((seats?.n ?? 0) >= tenant.maxUsers) throw new AppError("forbidden", `tenant ${tenant.id} already has its ${tenant.maxUsers} users`);
  const taken = await ctx.db.query.tenantUsers.findFirst({ where: and(eq(tenantUsers.tenantId, tenant.id), eq(tenantUsers.username, username)) });
  if (taken) throw new AppError("conflict", `user ${username} already exists in tenant ${tenant.id}`);
  const [user] = await ctx.db
    .insert(tenantUsers)
    .values({
      id: ctx.ids.make("usr"),
      tenantId: tenant.id,
      username,
      passwordHash: await Bun.password.hash(input.password),
      nickname: input.nickname ?? null,
      role: input.admin ? "admin" : "member",
      createdAt: new Date(ctx.clock.now()),
    })
    .returning();
  if (!user) throw new AppError("internal_error", "the user was not stored");
  return user;
}

/** The active user with this name and password in this tenant, or null. */
export async function verifyTenantUser(db: ServerDb, tenantId: string, username: string, password: string): Promise<TenantUser | null> {
  const user = await db.query.tenantUsers.findFirst({ where: and(eq(tenantUsers.tenantId, tenantId), eq(tenantUsers.username, username)) });
  if (!user || !user.isActive) {
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
  await db.update(tenantUsers).set({ lastLoginAt: new Date(now) }).where(eq(tenantUsers.id, userId));
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= Bun.password.hash("waule-timing-equaliser");
  return dummy;
}
