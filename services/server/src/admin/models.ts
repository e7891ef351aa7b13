// Operator edits of the model catalogue and of each tenant's allowed models (tenant_models).
import type { ServerDb } from "@waule/db/connect";
import { type Model, models, tenantModels } from "@waule/db/server";
import { type AdminModel, type ModelCreateRequest, type ModelPatchRequest, pricingProblem } from "@waule/shared/admin";
import { AppError } from "@waule/shared/errors";
import type { ModelCapability } from "@waule/shared/models";
import { asc, eq, inArray } from "drizzle-orm";
import { getTenant } from "../tenants/tenants";

export function toAdminModel(m: Model): AdminModel {
  return {
    id: m.id,
    capability: m.capability,
    provider: m.provider,
    upstreamModel: m.upstreamModel,
    displayName: m.displayName,
    priceUnit: m.priceUnit,
    price: m.price,
    pricing: m.pricing ?? null,
    enabled: m.enabled,
    sortOrder: m.sortOrder,
    createdAt: m.createdAt.toISOString(),
  };
}

export async function listAllModels(
  db: ServerDb,
  filter: { q?: string; capability?: ModelCapability },
): Promise<AdminModel[]> {
  const rows = await db.query.models.findMany({ orderBy: [asc(models.sortOrder), asc(models.id)] });
  const q = filter.q?.toLowerCase();
  return rows
    .filter(
      (m) =>
        (!filter.capability || m.capability === filter.capability) &&
        (!q || `${m.id} ${m.displayName} ${m.provider}`.toLowerCase().includes(q)),
    )
    .map(toAdminModel);
}

export async function createModel(
  db: ServerDb,
  input: ModelCreateRequest & { enabled: boolean; sortOrder: number },
  now: number,
): Promise<Model> {
  const exists = await db.query.models.findFirst({ where: eq(models.id, input.id) });
  if (exists) throw new AppError("conflict", `model ${input.id} already exists`);
  const [row] = await db
    .insert(models)
    .values({ ...input, pricing: input.pricing ?? null, createdAt: new Date(now) })
    .returning();
  if (!row) throw new AppError("internal_error", "the model was not stored");
  return row;
}

/** The next call that looks the model up bills at the new price: prices are read per call, never cached. */
export async function patchModel(
  db: ServerDb,
  id: string,
  patch: ModelPatchRequest,
): Promise<{ before: Model; after: Model }> {
  const before = await db.query.models.findFirst({ where: eq(models.id, id) });
  if (!before) throw new AppError("not_found", `model ${id} not found`);
  if (patch.pricing !== undefined) {
    const problem = pricingProblem(before.capability, patch.pricing);
    if (problem) throw new AppError("invalid_request", problem);
  }
  const [after] = await db.update(models).set(patch).where(eq(models.id, id)).returning();
  if (!after) throw new AppError("not_found", `model ${id} not found`);
  return { before, after };
}

export async function tenantModelIds(db: ServerDb, tenantId: string): Promise<string[]> {
  await getTenant(db, tenantId);
  const rows = await db
    .select({ id: tenantModels.modelId })
    .from(tenantModels)
    .where(eq(tenantModels.tenantId, tenantId))
    .orderBy(asc(tenantModels.modelId));
  return rows.map((r) => r.id);
}

/** Replaces the tenant's allowed set in one batch; every id must name an existing model. Empty: all enabled models. */
export async function setTenantModels(db: ServerDb, tenantId: string, ids: string[], now: number): Promise<string[]> {
  await getTenant(db, tenantId);
  const wanted = [...new Set(ids)].sort();
  if (wanted.length) {
    const found = await db.select({ id: models.id }).from(models).where(inArray(models.id, wanted));
    const missing = wanted.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) throw new AppError("invalid_request", `unknown model(s): ${missing.join(", ")}`);
  }
  await db.batch([
    db.delete(tenantModels).where(eq(tenantModels.tenantId, tenantId)),
    ...wanted.map((modelId) => db.insert(tenantModels).values({ tenantId, modelId, createdAt: new Date(now) })),
  ]);
  return wanted;
}
