// What a tenant API key's own limits refuse before any credit is held: an expired key, a caller outside its IP
// allowlist, a model it may not use. Its credit quotas are checked later, inside the hold (billing/spend-limits.ts).
import type { ServerDb } from "@waule/db/connect";
import { models, type TenantApiKey, tenantApiKeys } from "@waule/db/server";
import type { ApiKeyView } from "@waule/shared/api-keys";
import { AppError } from "@waule/shared/errors";
import { ipInRanges, type KeyLimitsRequest } from "@waule/shared/key-limits";
import { and, eq, inArray } from "drizzle-orm";
import { toApiKeyView } from "./api-keys";

/**
 * Refuses a key past its expiry or used from outside its allowlist (403, a code per reason). The caller's address
 * is asked for only when the key has an allowlist (finding it is a call into the server per request).
 */
export function assertKeyUsable(key: TenantApiKey, ip: () => string, now: number): void {
  if (key.expiresAt && key.expiresAt.getTime() <= now)
    throw new AppError("key_expired", `this API key expired at ${key.expiresAt.toISOString()}`);
  if (!key.ipAllowlist) return;
  const address = ip();
  if (!ipInRanges(address, key.ipAllowlist))
    throw new AppError("ip_not_allowed", `this API key may not be used from ${address}`, { ip: address });
}

/** Refuses a model the key's allowed-model list does not name (a key without a list may use every model). */
export function assertModelAllowed(allowedModels: readonly string[] | null | undefined, model: string): void {
  if (allowedModels && !allowedModels.includes(model))
    throw new AppError("model_not_allowed", `this API key may not use model ${model}`, {
      model,
      allowed: allowedModels,
    });
}

/** Sets (or, with null, removes) a key's limits; another tenant's key is 404, an unknown model 400, and nothing changes. */
export async function setKeyLimits(
  db: ServerDb,
  tenantId: string,
  keyId: string,
  body: KeyLimitsRequest,
): Promise<ApiKeyView> {
  if (body.allowed_models) {
    const wanted = [...new Set(body.allowed_models)];
    const known = await db.select({ id: models.id }).from(models).where(inArray(models.id, wanted));
    const unknown = wanted.filter((id) => !known.some((m) => m.id === id));
    if (unknown.length > 0)
      throw new AppError("invalid_request", `allowed_models names unknown models: ${unknown.join(", ")}`, { unknown });
  }
  const patch: Partial<TenantApiKey> = {};
  if (body.quota_total !== undefined) patch.quotaTotal = body.quota_total;
  if (body.quota_monthly !== undefined) patch.quotaMonthly = body.quota_monthly;
  if (body.expires_at !== undefined) patch.expiresAt = body.expires_at === null ? null : new Date(body.expires_at);
  if (body.allowed_models !== undefined)
    patch.allowedModels = body.allowed_models === null ? null : [...new Set(body.allowed_models)];
  if (body.ip_allowlist !== undefined)
    patch.ipAllowlist = body.ip_allowlist === null ? null : [...new Set(body.ip_allowlist)];
  const [row] = await db
    .update(tenantApiKeys)
    .set(patch)
    .where(and(eq(tenantApiKeys.id, keyId), eq(tenantApiKeys.tenantId, tenantId)))
    .returning();
  if (!row) throw new AppError("not_found", `API key ${keyId} not found`);
  return toApiKeyView(row);
}
