// The model catalogue: what tenants may call, which provider serves it, and its price in credits.
import type { ServerDb } from "@waule/db/connect";
import { columnCount, columnsOf, rowAt } from "@waule/db/rows";
import { type Model, models, tenantModels } from "@waule/db/server";
import { AppError } from "@waule/shared/errors";
import { applyPriceGroup, type PriceGroupRule } from "@waule/shared/pricing";
import { asc, eq } from "drizzle-orm";
import { builtInDefaultGroup, priceGroupOf, TENANT_GROUP_ID_SQL } from "../price-groups/groups";

type Capability = Model["capability"];

/** Sandbox models: always present so a fresh install (and every test) can bill real calls without provider keys. */
export const sandboxModels = [
  {
    id: "sandbox-image",
    capability: "image",
    provider: "sandbox",
    upstreamModel: "sandbox-image",
    displayName: "Sandbox image",
    priceUnit: "per_image",
    price: 10,
    sortOrder: 900,
  },
  {
    id: "sandbox-chat",
    capability: "chat",
    provider: "sandbox",
    upstreamModel: "sandbox-chat",
    displayName: "Sandbox chat",
    priceUnit: "per_1k_tokens",
    price: 1,
    sortOrder: 901,
  },
  {
    id: "sandbox-tts",
    capability: "speech",
    provider: "sandbox",
    upstreamModel: "sandbox-tts",
    displayName: "Sandbox speech",
    priceUnit: "per_1k_chars",
    price: 2,
    sortOrder: 902,
  },
  {
    id: "sandbox-video",
    capability: "video",
    provider: "sandbox",
    upstreamModel: "sandbox-video",
    displayName: "Sandbox video",
    priceUnit: "per_second",
    price: 5,
    sortOrder: 903,
  },
] as const satisfies readonly Omit<typeof models.$inferInsert, "createdAt">[];

/** Inserts the sandbox models that are missing; leaves existing rows (and an operator's price edits) alone. */
export async function seedSandboxModels(db: ServerDb, now: number): Promise<void> {
  await db
    .insert(models)
    .values(sandboxModels.map((m) => ({ ...m, createdAt: new Date(now) })))
    .onConflictDoNothing({ target: models.id });
}

/** The enabled models this tenant may call, priced by its price group: all of them, unless an operator gave the tenant its own list (tenant_models). */
export async function listEnabledModels(db: ServerDb, tenantId: string): Promise<Model[]> {
  const all = await db.query.models.findMany({
    where: eq(models.enabled, true),
    orderBy: [asc(models.sortOrder), asc(models.id)],
  });
  const allowed = await allowedModelIds(db, tenantId);
  const group = await priceGroupOf(db, tenantId);
  return (allowed ? all.filter((m) => allowed.has(m.id)) : all).map((m) => applyPriceGroup(m, group));
}

/** The tenant's own allowed set, or null when it has none (every enabled model is allowed). */
export async function allowedModelIds(db: ServerDb, tenantId: string): Promise<Set<string> | null> {
  const rows = await db
    .select({ modelId: tenantModels.modelId })
    .from(tenantModels)
    .where(eq(tenantModels.tenantId, tenantId));
  return rows.length ? new Set(rows.map((r) => r.modelId)) : null;
}

/** One prepared statement (db.$sql), read fresh on every call, so a price, an enabling or a tenant's list applies at once. */
const MODEL_FOR_TENANT_SQL = `SELECT ${columnsOf(models, "m")},
    EXISTS (SELECT 1 FROM tenant_models WHERE tenant_id = ?) AS has_list,
    EXISTS (SELECT 1 FROM tenant_models WHERE tenant_id = ? AND model_id = m.id) AS listed,
    g.ratio AS group_ratio, g.overrides AS group_overrides
  FROM models m
  LEFT JOIN tenants t ON t.id = ?
  LEFT JOIN price_groups g ON g.id = ${TENANT_GROUP_ID_SQL}
  WHERE m.id = ?`;
/** MODEL_FOR_TENANT_SQL's row of values: the model's columns, then has_list, listed, group_ratio, group_overrides. */
const MODEL_COLUMNS = columnCount(models);

/**
 * The enabled model with this id and capability, if this tenant may call it: 404 when unknown or
 * disabled, 400 when it does something else, 403 when the tenant has its own model list without it.
 * A request may name the provider, but only the one the catalogue says serves the model (400 otherwise):
 * callers send `model.provider` to the gateway, never the tenant's string.
 * Every billed route looks its model up here before holding anything, so a refusal costs nothing.
 */
export async function requireModel(
  db: ServerDb,
  id: string,
  capability: Capability,
  tenantId: string,
  provider?: string,
): Promise<Model> {
  const raw = await db.$sql.getValues(MODEL_FOR_TENANT_SQL, [tenantId, tenantId, tenantId, builtInDefaultGroup(), id]);
  const model = raw ? rowAt(models, raw, 0) : undefined;
  if (!raw || !model?.enabled) throw new AppError("not_found", `model ${id} does not exist or is not enabled`);
  if (model.capability !== capability)
    throw new AppError("invalid_request", `model ${id} is a ${model.capability} model, not ${capability}`);
  const [hasList, listed, groupRatio, groupOverrides] = raw.slice(MODEL_COLUMNS);
  if (Number(hasList) === 1 && Number(listed) !== 1)
    throw new AppError("forbidden", `model ${id} is not enabled for this tenant`);
  if (provider !== undefined && provider !== model.provider) {
    throw new AppError(
      "invalid_request",
      `model ${id} is not served by provider ${JSON.stringify(provider)}; leave provider out and the catalogue picks it`,
      { field: "provider" },
    );
  }
  // Priced as this tenant pays: every hold and settle reads the price from here, as /models lists it.
  const group: PriceGroupRule | null =
    groupRatio === null || groupRatio === undefined
      ? null
      : { ratio: Number(groupRatio), overrides: JSON.parse(String(groupOverrides ?? "{}")) };
  return applyPriceGroup(model, group);
}
