// Operator reads and edits of tenants: the list (search, sort, pages), one tenant's detail, and patches.

import type { ServerDb } from "@waule/db/connect";
import { readPage } from "@waule/db/paging";
import { type Tenant, tenantApiKeys, tenantModels, tenants } from "@waule/db/server";
import type {
  AdminTenant,
  AdminTenantDetail,
  AdminTenantPage,
  TenantListQuery,
  TenantPatchRequest,
} from "@waule/shared/admin";
import type { Clock } from "@waule/shared/clock";
import { AppError } from "@waule/shared/errors";
import { and, asc, count, desc, eq, isNull, or, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { getTenant } from "../tenants/tenants";
import { activeUsersFit, seatsOf } from "../users/seats";

export function toAdminTenant(t: Tenant): AdminTenant {
  return {
    id: t.id,
    name: t.name,
    credits: t.credits,
    isActive: t.isActive,
    maxUsers: t.maxUsers,
    storageMode: t.storageMode,
    priceGroupId: t.priceGroupId,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

/** `column` contains `q` as typed: `%` and `_` match themselves, not any text. */
export function containsText(column: SQLiteColumn, q: string): SQL {
  const pattern = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  return sql`${column} LIKE ${pattern} ESCAPE '\\'`;
}

export async function listTenants(db: ServerDb, query: TenantListQuery): Promise<AdminTenantPage> {
  const filters: SQL[] = [];
  if (query.q) {
    filters.push(or(containsText(tenants.name, query.q), containsText(tenants.id, query.q)) as SQL);
  }
  if (query.active) filters.push(eq(tenants.isActive, query.active === "true"));
  const where = filters.length ? and(...filters) : undefined;
  const column = { createdAt: tenants.createdAt, name: tenants.name, credits: tenants.credits }[query.sort];
  const direction = query.order === "asc" ? asc : desc;
  return readPage(
    query,
    (limit, offset) =>
      db
        .select()
        .from(tenants)
        .where(where)
        .orderBy(direction(column), direction(tenants.id))
        .limit(limit)
        .offset(offset),
    () => db.select({ n: count() }).from(tenants).where(where),
    toAdminTenant,
  );
}

export async function tenantDetail(db: ServerDb, tenantId: string): Promise<AdminTenantDetail> {
  const tenant = await getTenant(db, tenantId);
  const [[keys], seats, allowed] = await Promise.all([
    db
      .select({ n: count() })
      .from(tenantApiKeys)
      .where(and(eq(tenantApiKeys.tenantId, tenantId), isNull(tenantApiKeys.revokedAt))),
    seatsOf(db, tenantId),
    db
      .select({ id: tenantModels.modelId })
      .from(tenantModels)
      .where(eq(tenantModels.tenantId, tenantId))
      .orderBy(asc(tenantModels.modelId)),
  ]);
  return {
    tenant: toAdminTenant(tenant),
    users: seats,
    activeKeys: keys?.n ?? 0,
    enabledModels: allowed.map((r) => r.id),
  };
}

/** Name, active flag and seat limit; the limit cannot drop below the tenant's ACTIVE users (checked in the update itself). */
export async function patchTenant(
  ctx: { db: ServerDb; clock: Clock },
  tenantId: string,
  patch: TenantPatchRequest,
): Promise<Tenant> {
  const tenant = await getTenant(ctx.db, tenantId);
  const fits = patch.maxUsers === undefined ? undefined : activeUsersFit(tenantId, patch.maxUsers);
  const [updated] = await ctx.db
    .update(tenants)
    .set({ ...patch, updatedAt: new Date(ctx.clock.now()) })
    .where(and(eq(tenants.id, tenantId), fits))
    .returning();
  if (!updated) {
    const seats = await seatsOf(ctx.db, tenantId);
    throw new AppError(
      "conflict",
      `tenant ${tenant.id} has ${seats.used} active users; deactivate some before lowering the limit to ${patch.maxUsers}`,
      {
        reason: "seats_in_use",
        ...seats,
      },
    );
  }
  return updated;
}
