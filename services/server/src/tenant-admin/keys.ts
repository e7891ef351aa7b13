// A tenant's API keys as its admins manage them: several per tenant, revoked at once, rotated atomically.
//
// At least one live key must remain (the rule lives in api-keys.ts revokeApiKey, for every caller);
// rotation keeps the count, so it is always allowed.
import type { ServerDb } from "@waule/db/connect";
import { type TenantApiKey, tenantApiKeys } from "@waule/db/server";
import type { ApiKeyView } from "@waule/shared/api-keys";
import type { Clock, Ids } from "@waule/shared/clock";
import { AppError } from "@waule/shared/errors";
import type { CreatedApiKey } from "@waule/shared/tenant-admin";
import { and, eq } from "drizzle-orm";
import {
  createApiKey,
  generateApiKey,
  hashApiKey,
  listApiKeys,
  revokeApiKey,
  toApiKeyView,
} from "../api-keys/api-keys";

type Ctx = { db: ServerDb; clock: Clock; ids: Ids };

const INHERITED =
  "quota_total, quota_monthly, expires_at, allowed_models, ip_allowlist, spent_total, spent_month, spent_month_credits";

/** The same visible part api-keys.ts stores (`wk_live_` + 4). */
const VISIBLE = "wk_live_".length + 4;

export async function listTenantKeys(db: ServerDb, tenantId: string): Promise<ApiKeyView[]> {
  return (await listApiKeys(db, tenantId)).map(toApiKeyView);
}

async function findKey(db: ServerDb, tenantId: string, keyId: string): Promise<TenantApiKey> {
  const key = await db.query.tenantApiKeys.findFirst({
    where: and(eq(tenantApiKeys.id, keyId), eq(tenantApiKeys.tenantId, tenantId)),
  });
  if (!key) throw new AppError("not_found", `API key ${keyId} not found`);
  return key;
}

export async function createTenantKey(ctx: Ctx, tenantId: string, name: string): Promise<CreatedApiKey> {
  const { key, record } = await createApiKey(ctx, tenantId, name);
  return { key, record: toApiKeyView(record) };
}

/** Revokes one live key of the tenant, under revokeApiKey's last-key rule. */
export async function revokeTenantKey(
  ctx: Pick<Ctx, "db" | "clock">,
  tenantId: string,
  keyId: string,
): Promise<ApiKeyView> {
  return toApiKeyView(await revokeApiKey(ctx, keyId, tenantId));
}

/**
 * Replaces a live key with a new one under the same name in one batch: the old key is revoked and the
 * new one stored together, or neither (the insert runs only if the revoke changed a row).
 */
export async function rotateTenantKey(ctx: Ctx, tenantId: string, keyId: string): Promise<CreatedApiKey> {
  const old = await findKey(ctx.db, tenantId, keyId);
  if (old.revokedAt)
    throw new AppError("conflict", `API key ${keyId} is already revoked`, { reason: "already_revoked" });
  const key = generateApiKey();
  const newId = ctx.ids.make("key");
  const now = ctx.clock.now();
  const results = await ctx.db.$client.batch(
    [
      {
        sql: "UPDATE tenant_api_keys SET revoked_at = ? WHERE id = ? AND tenant_id = ? AND revoked_at IS NULL",
        args: [now, keyId, tenantId],
      },
      // The new key inherits the old one's limits and what it has spent: rotating is not a way round a quota.
      {
        sql: `INSERT INTO tenant_api_keys (id, tenant_id, name, prefix, key_hash, created_at, ${INHERITED})
              SELECT ?, tenant_id, name, ?, ?, ?, ${INHERITED} FROM tenant_api_keys WHERE id = ? AND changes() = 1`,
        args: [newId, key.slice(0, VISIBLE), await hashApiKey(key), now, keyId],
      },
    ],
    "write",
  );
  if (results[0]?.rowsAffected !== 1 || results[1]?.rowsAffected !== 1) {
    throw new AppError("conflict", `API key ${keyId} was revoked meanwhile`, { reason: "already_revoked" });
  }
  return {
    key,
    record: toApiKeyView(await findKey(ctx.db, tenantId, newId)),
    revoked: toApiKeyView(await findKey(ctx.db, tenantId, keyId)),
  };
}
