// Gateway database: the provider key pool and the log of upstream calls.
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

const createdAt = () => integer("created_at", { mode: "timestamp_ms" }).notNull();

/** Upstream provider keys; `secret` is AES-256-GCM sealed with CONFIG_ENCRYPTION_KEY and never returned in full. */
export const providerKeys = sqliteTable("provider_keys", {
  id: text("id").primaryKey(),
  provider: text("provider").notNull(),
  name: text("name").notNull(),
  secret: text("secret").notNull(),
  /** Last four characters of the key, for display. */
  hint: text("hint").notNull(),
  baseUrl: text("base_url"),
  weight: integer("weight").notNull().default(1),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  disabledReason: text("disabled_reason"),
  cooldownUntil: integer("cooldown_until", { mode: "timestamp_ms" }),
  consecutiveFailures: integer("consecutive_failures").notNull().default(0),
  requests: integer("requests").notNull().default(0),
  failures: integer("failures").notNull().default(0),
  lastError: text("last_error"),
  lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
  createdAt: createdAt(),
}, (t) => [index("provider_keys_provider").on(t.provider)]);

/** One row per upstream call the gateway made, for per-provider/key/day usage. */
export const requestLog = sqliteTable("request_log", {
  id: text("id").primaryKey(),
  tenantId: text("tenant_id").notNull(),
  requestId: text("request_id").notNull(),
  capability: text("capability").notNull(),
  provider: text("provider").notNull(),
  model: text("model").notNull(),
  keyId: text("key_id"),
  status: text("status", { enum: ["ok", "error"] }).notNull(),
  errorCode: text("error_code"),
  latencyMs: integer("latency_ms").notNull(),
  createdAt: createdAt(),
}, (t) => [index("request_log_created").on(t.createdAt), index("request_log_provider").on(t.provider, t.createdAt)]);

export type ProviderKey = typeof providerKeys.$inferSelect;
export type RequestLogRow = typeof requestLog.$inferSelect;
