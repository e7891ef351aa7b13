// Price groups: operators' CRUD, tenant assignment, and the group a tenant pays by (models/catalogue.ts applies it).
import type { ServerDb } from "@waule/db/connect";
import { models, type PriceGroup, priceGroups, tenants } from "@waule/db/server";
import { AppError } from "@waule/shared/errors";
import type { PriceGroupCreateRequest, PriceGroupPatchRequest, PriceGroupView } from "@waule/shared/price-groups";
import type { PriceGroupRule } from "@waule/shared/pricing";
import { asc, count, eq, inArray } from "drizzle-orm";
import { defaultSettings } from "../settings/defaults";

/**
 * The id of the group a tenant row `t` pays by, as SQL: its own group, else the settings' default price group (read
 * from platform_settings in the same statement, so a change applies to the next call on every instance), else the
 * built-in default's name. A group id that names no group pays the catalogue's prices.
 */
export const TENANT_GROUP_ID_SQL = `COALESCE(t.price_group_id,
    (SELECT json_extract(value, '$.defaultPriceGroup') FROM platform_settings WHERE key = 'pricing'), ?)`;
export const builtInDefaultGroup = (): string => defaultSettings().pricing.defaultPriceGroup;

/** The tenant's group as pricing reads it; null pays the catalogue's prices. One indexed read. */
export async function priceGroupOf(db: ServerDb, tenantId: string): Promise<PriceGroupRule | null> {
  const row = await db.$sql.get(
    `SELECT g.ratio, g.overrides FROM tenants t JOIN price_groups g ON g.id = ${TENANT_GROUP_ID_SQL} WHERE t.id = ?`,
    [builtInDefaultGroup(), tenantId],
  );
  return row ? { ratio: Number(row.ratio), overrides: JSON.parse(String(row.overrides ?? "{}")) } : null;
}

/** 400 unless the id names a price group: the settings' default must be one operators can see and edit. */
export async function assertPriceGroupExists(db: ServerDb, id: string): Promise<void> {
  const [row] = await db.select({ id: priceGroups.id }).from(priceGroups).where(eq(priceGroups.id, id)).limit(1);
  if (!row)
    throw new AppError("invalid_request", `price group ${id} does not exist; create it first`, {
      field: "pricing.defaultPriceGroup",
    });
}

async function assertModelsExist(db: ServerDb, overrides: Record<string, unknown> | undefined) {
  const ids = Object.keys(overrides ?? {});
  if (ids.length === 0) return;
  const known = await db.select({ id: models.id }).from(models).where(inArray(models.id, ids));
  const unknown = ids.filter((id) => !known.some((m) => m.id === id));
  if (unknown.length) throw new AppError("invalid_request", `overrides name unknown models: ${unknown.join(", ")}`);
}

async function toView(db: ServerDb, g: PriceGroup): Promise<PriceGroupView> {
  const [n] = await db.select({ n: count() }).from(tenants).where(eq(tenants.priceGroupId, g.id));
  return {
    id: g.id,
    name: g.name,
    ratio: g.ratio,
    overrides: g.overrides as PriceGroupView["overrides"],
    tenants: n?.n ?? 0,
    createdAt: g.createdAt.toISOString(),
    updatedAt: g.updatedAt.toISOString(),
  };
}

export async function listPriceGroups(db: ServerDb): Promise<PriceGroupView[]> {
  const rows = await db.select().from(priceGroups).orderBy(asc(priceGroups.id));
  return Promise.all(rows.map((g) => toView(db, g)));
}

export async function createPriceGroup(
  db: ServerDb,
  body: Required<PriceGroupCreateRequest>,
  now: number,
): Promise<PriceGroupView> {
  await assertModelsExist(db, body.overrides);
  const [row] = await db
    .insert(priceGroups)
    .values({ ...body, createdAt: new Date(now), updatedAt: new Date(now) })
    .onConflictDoNothing({ target: priceGroups.id })
    .returning();
  if (!row) throw new AppError("conflict", `price group ${body.id} already exists`);
  return toView(db, row);
}

export async function updatePriceGroup(
  db: ServerDb,
  id: string,
  body: PriceGroupPatchRequest,
  now: number,
): Promise<PriceGroupView> {
  await assertModelsExist(db, body.overrides);
  const [row] = await db
    .update(priceGroups)
    .set({ ...body, updatedAt: new Date(now) })
    .where(eq(priceGroups.id, id))
    .returning();
  if (!row) throw new AppError("not_found", `price group ${id} not found`);
  return toView(db, row);
}

/**
 * A group tenants still pay by cannot go (409): move them first, so no tenant's prices change by surprise. The same
 * for the settings' default price group (every ungrouped tenant pays by it): choose another default first.
 */
export async function deletePriceGroup(db: ServerDb, id: string): Promise<void> {
  const defaultId = "(SELECT json_extract(value, '$.defaultPriceGroup') FROM platform_settings WHERE key = 'pricing')";
  const results = await db.$client.batch(
    [
      {
        sql: `DELETE FROM price_groups WHERE id = ? AND NOT EXISTS (SELECT 1 FROM tenants WHERE price_group_id = ?)
              AND id IS NOT ${defaultId}`,
        args: [id, id],
      },
      { sql: `SELECT COUNT(*) AS n, ? IS ${defaultId} AS is_default FROM price_groups WHERE id = ?`, args: [id, id] },
    ],
    "write",
  );
  if (results[0]?.rowsAffected === 1) return;
  const row = results[1]?.rows[0];
  if (Number(row?.n) === 0) throw new AppError("not_found", `price group ${id} not found`);
  if (Number(row?.is_default) === 1)
    throw new AppError("conflict", `price group ${id} is the default price group in settings; choose another first`);
  throw new AppError("conflict", `price group ${id} still has tenants; assign them another group first`);
}

/** Puts a tenant in a group (or, with null, back on the catalogue's prices); unknown tenant or group is 404. */
export async function assignPriceGroup(db: ServerDb, tenantId: string, groupId: string | null): Promise<void> {
  const results = await db.$client.batch(
    [
      {
        sql: `UPDATE tenants SET price_group_id = ? WHERE id = ?
              AND (? IS NULL OR EXISTS (SELECT 1 FROM price_groups WHERE id = ?))`,
        args: [groupId, tenantId, groupId, groupId],
      },
      { sql: "SELECT COUNT(*) AS n FROM tenants WHERE id = ?", args: [tenantId] },
    ],
    "write",
  );
  if (results[0]?.rowsAffected === 1) return;
  if (Number(results[1]?.rows[0]?.n) === 0) throw new AppError("not_found", `tenant ${tenantId} not found`);
  throw new AppError("not_found", `price group ${groupId} not found`);
}
