// Operator accounts: created by the ops script or dev start-up, verified at /admin/api/auth/login.
import type { ServerDb } from "@waule/db/connect";
import { type Admin, admins } from "@waule/db/server";
import { type AdminRole, adminPassword, adminUsername } from "@waule/shared/admin";
import type { Clock, Ids } from "@waule/shared/clock";
import { AppError } from "@waule/shared/errors";
import { and, count, eq } from "drizzle-orm";

type Ctx = { db: ServerDb; clock: Clock; ids: Ids };

/** The one way an operator account is made (ops script, dev start-up, tests). */
export async function createAdmin(
  ctx: Ctx,
  input: { username: string; password: string; role: AdminRole },
): Promise<Admin> {
  const username = adminUsername.safeParse(input.username);
  if (!username.success) throw new AppError("invalid_request", `username: ${username.error.issues[0]?.message}`);
  const password = adminPassword.safeParse(input.password);
  if (!password.success) throw new AppError("invalid_request", `password: ${password.error.issues[0]?.message}`);
  const taken = await ctx.db.query.admins.findFirst({ where: eq(admins.username, username.data) });
  if (taken) throw new AppError("conflict", `operator ${username.data} already exists`);
  const [admin] = await ctx.db
    .insert(admins)
    .values({
      id: ctx.ids.make("adm"),
      username: username.data,
      passwordHash: await Bun.password.hash(password.data),
      role: input.role,
      createdAt: new Date(ctx.clock.now()),
    })
    .returning();
  if (!admin) throw new AppError("internal_error", "the operator was not stored");
  return admin;
}

export async function countAdmins(db: ServerDb): Promise<number> {
  const [row] = await db.select({ n: count() }).from(admins);
  return row?.n ?? 0;
}

/** The active operator with this name and password, or null (same work either way, so timing says nothing). */
export async function verifyAdmin(db: ServerDb, username: string, password: string): Promise<Admin | null> {
  const admin = await db.query.admins.findFirst({ where: eq(admins.username, username) });
  if (!admin?.isActive) {
    await Bun.password.verify(password, await dummyHash());
    return null;
  }
  return (await Bun.password.verify(password, admin.passwordHash)) ? admin : null;
}

export function findActiveAdmin(db: ServerDb, adminId: string): Promise<Admin | undefined> {
  return db.query.admins.findFirst({ where: and(eq(admins.id, adminId), eq(admins.isActive, true)) });
}

export async function recordAdminLogin(db: ServerDb, adminId: string, now: number): Promise<void> {
  await db
    .update(admins)
    .set({ lastLoginAt: new Date(now) })
    .where(eq(admins.id, adminId));
}

/** Random and readable: what dev start-up and the ops script print when no password is given. */
export function generateAdminPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return Buffer.from(bytes).toString("base64url");
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= Bun.password.hash("waule-admin-timing-equaliser");
  return dummy;
}
