// Tenants: creation (with its first key and opening credits) and the reads every request needs.
import type { ServerDb } from "@waule/db/connect";
import { columnsOf, rowOf } from "@waule/db/rows";
import { type Tenant, tenants } from "@waule/db/server";
import type { Clock, Ids } from "@waule/shared/clock";
import { AppError } from "@waule/shared/errors";
import { eq } from "drizzle-orm";
import { createApiKey } from "../api-keys/api-keys";
import { recharge } from "../billing/ledger";

type Ctx = { db: ServerDb; clock: Clock; ids: Ids };

export async function createTenant(
  ctx: Ctx,
  input: { name: string; credits?: number; maxUsers?: number },
): Promise<{ tenant: Tenant; apiKey: string; apiKeyId: string }> {
  const name = input.name.trim();
  if (!name) throw new AppError("invalid_request", "a tenant needs a name");
  const now = new Date(ctx.clock.now());
  const [created] = await ctx.db
    .insert(tenants)
    .values({
      id: ctx.ids.make("tnt"),
      name,
      credits: 0,
      maxUsers: input.maxUsers ?? 10,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!created) throw new AppError("internal_error", "the tenant was not stored");
  // Opening credits go through the ledger like any other recharge, so balance == sum(ledger) from the start.
  if (input.credits) await recharge({ db: ctx.db, now: ctx.clock.now() }, created.id, input.credits, "opening balance");
  const { key, record } = await createApiKey(ctx, created.id);
  return { tenant: await getTenant(ctx.db, created.id), apiKey: key, apiKeyId: record.id };
}

/** Read on every `GET /me` and every tenant-user request: one prepared statement (db.$sql), fresh from the DB. */
const TENANT_SQL = `SELECT ${columnsOf(tenants, "t")} FROM tenants t WHERE t.id = ?`;

export async function getTenant(db: ServerDb, tenantId: string): Promise<Tenant> {
  const raw = await db.$sql.get(TENANT_SQL, [tenantId]);
  if (!raw) throw new AppError("not_found", `tenant ${tenantId} not found`);
  return rowOf(tenants, "t", raw);
}

/** Deactivating locks out every key and user of the tenant on their next request. */
export async function setTenantActive(
  ctx: Pick<Ctx, "db" | "clock">,
  tenantId: string,
  isActive: boolean,
): Promise<void> {
  const changed = await ctx.db
    .update(tenants)
    .set({ isActive, updatedAt: new Date(ctx.clock.now()) })
    .where(eq(tenants.id, tenantId))
    .returning({ id: tenants.id });
  if (changed.length === 0) throw new AppError("not_found", `tenant ${tenantId} not found`);
}
