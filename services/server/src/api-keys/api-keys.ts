// Tenant API keys: `wk_live_<32 alphanumerics>`, stored only as a SHA-256 hash plus a visible prefix.
import type { ServerDb } from "@waule/db/connect";
import { columnCount, columnsOf, rowAt } from "@waule/db/rows";
import { type Tenant, type TenantApiKey, tenantApiKeys, tenants } from "@waule/db/server";
import type { ApiKeyView } from "@waule/shared/api-keys";
import type { Clock, Ids } from "@waule/shared/clock";
import { AppError } from "@waule/shared/errors";
import { sha256Hex } from "@waule/shared/internal-signature";
import { and, eq } from "drizzle-orm";

export const API_KEY_PATTERN = /^wk_live_[A-Za-z0-9]{32}$/;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** Only this much of a key is ever shown again. */
const VISIBLE = "wk_live_".length + 4;
/** lastUsedAt is a hint, not an audit log: refreshing it at most once a minute spares a write per request. */
const LAST_USED_GRANULARITY_MS = 60_000;

export function generateApiKey(): string {
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 62).
  let body = "";
  while (body.length < 32) {
    for (const byte of crypto.getRandomValues(new Uint8Array(48))) {
      if (byte < 248 && body.length < 32) body += ALPHABET[byte % 62];
    }
  }
  return `wk_live_${body}`;
}

export const hashApiKey = (key: string) => sha256Hex(key);

type Ctx = { db: ServerDb; clock: Clock; ids: Ids };

/** Creates a key for an existing tenant; the full key is returned here and never again. */
export async function createApiKey(
  { db, clock, ids }: Ctx,
  tenantId: string,
  name = "default",
): Promise<{ key: string; record: TenantApiKey }> {
  const tenant = await db.query.tenants.findFirst({ where: eq(tenants.id, tenantId) });
  if (!tenant) throw new AppError("not_found", `tenant ${tenantId} not found`);
  const key = generateApiKey();
  const [record] = await db
    .insert(tenantApiKeys)
    .values({
      id: ids.make("key"),
      tenantId,
      name,
      prefix: key.slice(0, VISIBLE),
      keyHash: await hashApiKey(key),
      createdAt: new Date(clock.now()),
    })
    .returning();
  if (!record) throw new AppError("internal_error", "the key was not stored");
  return { key, record };
}

/**
 * Revokes at once: the next request with the key is refused. Never the tenant's last live key, whoever asks
 * (operator API, tenant self-service, ops/revoke-key.ts): the tenant's users sign in to the web app with a key of
 * their tenant, so revoking the last one locks them all out. The rule is part of the one conditional statement,
 * so two revokes cannot race past it; rotating (create the new key, then revoke the old) keeps the count.
 */
export async function revokeApiKey(
  { db, clock }: Pick<Ctx, "db" | "clock">,
  keyId: string,
  tenantId?: string,
): Promise<Omit<TenantApiKey, "keyHash">> {
  const find = () =>
    db.query.tenantApiKeys.findFirst({
      where: tenantId
        ? and(eq(tenantApiKeys.id, keyId), eq(tenantApiKeys.tenantId, tenantId))
        : eq(tenantApiKeys.id, keyId),
      columns: { keyHash: false },
    });
  const existing = await find();
  if (!existing) throw new AppError("not_found", `API key ${keyId} not found`);
  const alreadyRevoked = () =>
    new AppError("conflict", `API key ${keyId} is already revoked`, { reason: "already_revoked" });
  if (existing.revokedAt) throw alreadyRevoked();
  const rs = await db.$client.execute({
    sql: `UPDATE tenant_api_keys SET revoked_at = ? WHERE id = ? AND tenant_id = ? AND revoked_at IS NULL
            AND EXISTS (SELECT 1 FROM tenant_api_keys o WHERE o.tenant_id = ? AND o.id <> ? AND o.revoked_at IS NULL)`,
    args: [clock.now(), keyId, existing.tenantId, existing.tenantId, keyId],
  });
  const after = await find();
  if (rs.rowsAffected !== 1) {
    if (after?.revokedAt) throw alreadyRevoked();
    throw new AppError(
      "conflict",
      "this is the tenant's last active key (users sign in with it); create another first or rotate it",
      { reason: "last_key" },
    );
  }
  if (!after) throw new AppError("internal_error", "the revoked key vanished");
  return after;
}

export function listApiKeys(db: ServerDb, tenantId: string) {
  return db.query.tenantApiKeys.findMany({
    where: eq(tenantApiKeys.tenantId, tenantId),
    columns: { keyHash: false },
    orderBy: (k, { asc }) => [asc(k.createdAt)],
  });
}

/**
 * Finds the live key and its active tenant; null for anything else (malformed, unknown, revoked,
 * inactive tenant). Reads only — the caller decides whether to touch lastUsedAt.
 */
/** Every request with a key runs this: a prepared statement (db.$sql), read fresh, so a revoked key or a disabled tenant is refused at once on every instance. */
const ACTIVE_KEY_SQL = `SELECT ${columnsOf(tenantApiKeys, "k")}, ${columnsOf(tenants, "t")}
  FROM tenant_api_keys k JOIN tenants t ON t.id = k.tenant_id
  WHERE k.key_hash = ? AND k.revoked_at IS NULL LIMIT 1`;
/** The key's columns come first in ACTIVE_KEY_SQL's row of values, then the tenant's. */
const KEY_COLUMNS = columnCount(tenantApiKeys);

export async function findActiveKey(db: ServerDb, key: string): Promise<{ key: TenantApiKey; tenant: Tenant } | null> {
  if (!API_KEY_PATTERN.test(key)) return null;
  const values = await db.$sql.getValues(ACTIVE_KEY_SQL, [await hashApiKey(key)]);
  if (!values) return null;
  const tenant = rowAt(tenants, values, KEY_COLUMNS);
  if (!tenant.isActive) return null;
  return { key: rowAt(tenantApiKeys, values, 0), tenant };
}

export async function touchApiKey(db: ServerDb, key: TenantApiKey, now: number): Promise<void> {
  if (key.lastUsedAt !== null && now - key.lastUsedAt.getTime() < LAST_USED_GRANULARITY_MS) return;
  await db
    .update(tenantApiKeys)
    .set({ lastUsedAt: new Date(now) })
    .where(eq(tenantApiKeys.id, key.id));
}

/** What operators and tenant admins see of a key: never the hash, only the prefix. */
export function toApiKeyView(k: Omit<TenantApiKey, "keyHash">): ApiKeyView {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    limits: {
      quotaTotal: k.quotaTotal,
      quotaMonthly: k.quotaMonthly,
      expiresAt: k.expiresAt?.toISOString() ?? null,
      allowedModels: k.allowedModels,
      ipAllowlist: k.ipAllowlist,
      spentTotal: k.spentTotal,
      spentMonth: k.spentMonth,
      spentMonthCredits: k.spentMonthCredits,
    },
  };
}
