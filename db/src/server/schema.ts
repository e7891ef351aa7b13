// Server database: tenants, their keys and users, the credit ledger, usage, models, idempotency, tasks, webhook deliveries, operators and their audit.
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const createdAt = () => integer("created_at", { mode: "timestamp_ms" }).notNull();

export const tenants = sqliteTable(
  "tenants",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** Current balance; only the ledger module changes it, in one transaction with its ledger row. */
    credits: integer("credits").notNull().default(0),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
    maxUsers: integer("max_users").notNull().default(10),
    storageMode: text("storage_mode", { enum: ["PLATFORM", "CUSTOM"] })
      .notNull()
      .default("PLATFORM"),
    /** AES-256-GCM sealed JSON of the tenant's own S3 config (CUSTOM mode). */
    storageConfig: text("storage_config"),
    webhookUrl: text("webhook_url"),
    webhookSecret: text("webhook_secret"),
    /** The price group the tenant pays by (price_groups.id); null pays the catalogue's prices. */
    priceGroupId: text("price_group_id"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [check("tenants_credits_non_negative", sql`${t.credits} >= 0`)],
);

export const tenantApiKeys = sqliteTable(
  "tenant_api_keys",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull().default("default"),
    /** The visible start of the key (wk_live_abcd…), shown again in lists. */
    prefix: text("prefix").notNull(),
    /** SHA-256 hex of the full key; the key itself is never stored. */
    keyHash: text("key_hash").notNull(),
    createdAt: createdAt(),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    /** Limits (null = none). Quotas are checked in the hold's own conditional update (billing/ledger.ts). */
    quotaTotal: integer("quota_total"),
    quotaMonthly: integer("quota_monthly"),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
    /** JSON array of model ids the key may use. */
    allowedModels: text("allowed_models", { mode: "json" }).$type<string[]>(),
    /** JSON array of CIDRs the key may be used from. */
    ipAllowlist: text("ip_allowlist", { mode: "json" }).$type<string[]>(),
    /** Credits held or charged through the key (refunds come back off): ever, and in `spentMonth` (UTC yyyy-mm). */
    spentTotal: integer("spent_total").notNull().default(0),
    spentMonth: text("spent_month"),
    spentMonthCredits: integer("spent_month_credits").notNull().default(0),
  },
  (t) => [uniqueIndex("tenant_api_keys_hash").on(t.keyHash), index("tenant_api_keys_tenant").on(t.tenantId)],
);

export const tenantUsers = sqliteTable(
  "tenant_users",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    username: text("username").notNull(),
    passwordHash: text("password_hash").notNull(),
    nickname: text("nickname"),
    role: text("role", { enum: ["member", "admin"] })
      .notNull()
      .default("member"),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
    /** Carried in the user's JWT; bumped on password change/reset, role change and deactivation, so older tokens stop working. */
    tokenVersion: integer("token_version").notNull().default(0),
    createdAt: createdAt(),
    lastLoginAt: integer("last_login_at", { mode: "timestamp_ms" }),
    /** Spending caps set by a tenant admin (null = none), checked in the hold's own conditional update. */
    capDaily: integer("cap_daily"),
    capMonthly: integer("cap_monthly"),
    /** Credits held or charged by the member in `spentDay` (UTC yyyy-mm-dd) and `spentMonth` (UTC yyyy-mm). */
    spentDay: text("spent_day"),
    spentDayCredits: integer("spent_day_credits").notNull().default(0),
    spentMonth: text("spent_month"),
    spentMonthCredits: integer("spent_month_credits").notNull().default(0),
  },
  (t) => [uniqueIndex("tenant_users_tenant_username").on(t.tenantId, t.username)],
);

export const ledgerKinds = ["hold", "settle", "release", "recharge", "adjust"] as const;

/** Append-only. balance == sum(amount) per tenant; balanceAfter is the tenant's balance right after the row. */
export const creditLedger = sqliteTable(
  "credit_ledger",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ledgerKinds }).notNull(),
    amount: integer("amount").notNull(),
    balanceAfter: integer("balance_after").notNull(),
    holdId: text("hold_id"),
    requestId: text("request_id"),
    note: text("note"),
    createdAt: createdAt(),
  },
  (t) => [index("credit_ledger_tenant").on(t.tenantId, t.seq), index("credit_ledger_hold").on(t.holdId)],
);

/** One row per hold; its status moves held → settled | released exactly once (conditional update). */
export const creditHolds = sqliteTable(
  "credit_holds",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    amount: integer("amount").notNull(),
    status: text("status", { enum: ["held", "settled", "released"] })
      .notNull()
      .default("held"),
    requestId: text("request_id"),
    settledAmount: integer("settled_amount"),
    /** Who spent it, so a settle or release gives the refund back to the key's and member's spent counters. */
    apiKeyId: text("api_key_id"),
    userId: text("user_id"),
    createdAt: createdAt(),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("credit_holds_status").on(t.status, t.createdAt), index("credit_holds_tenant").on(t.tenantId)],
);

export const usageRecords = sqliteTable(
  "usage_records",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    userId: text("user_id"),
    model: text("model").notNull(),
    operation: text("operation").notNull(),
    credits: integer("credits").notNull(),
    requestId: text("request_id"),
    metadata: text("metadata", { mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index("usage_records_tenant_created").on(t.tenantId, t.createdAt)],
);

/** `midjourney`: image tasks with buttons (imagine, then upscale/variation), served through /api/v1/midjourney only. */
export const modelCapabilities = ["image", "chat", "speech", "video", "midjourney"] as const;
export const priceUnits = ["per_image", "per_1k_tokens", "per_1k_chars", "per_second", "per_request"] as const;

/** What one model costs in a price group instead of ratio × catalogue price (credits per the model's unit). */
export type PriceOverride = { price?: number; inputPrice?: number; outputPrice?: number; cachedInputPrice?: number };

/** A price group (default, vip, enterprise…): tenants in it pay ratio × the catalogue price, or a model's override. */
export const priceGroups = sqliteTable("price_groups", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  ratio: real("ratio").notNull().default(1),
  overrides: text("overrides", { mode: "json" }).$type<Record<string, PriceOverride>>().notNull().default({}),
  createdAt: createdAt(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});
export type PriceGroup = typeof priceGroups.$inferSelect;

/** The catalogue: what tenants may call, which provider serves it, and its price in credits. */
export const models = sqliteTable("models", {
  id: text("id").primaryKey(),
  capability: text("capability", { enum: modelCapabilities }).notNull(),
  provider: text("provider").notNull(),
  upstreamModel: text("upstream_model").notNull(),
  displayName: text("display_name").notNull(),
  priceUnit: text("price_unit", { enum: priceUnits }).notNull(),
  /** Credits per unit. */
  price: integer("price").notNull(),
  /** Extra pricing knobs (e.g. per-resolution multipliers for video), JSON. */
  pricing: text("pricing", { mode: "json" }).$type<Record<string, number>>(),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  sortOrder: integer("sort_order").notNull().default(0),
  createdAt: createdAt(),
});

/** An Idempotency-Key seen for a tenant: the first request's fingerprint and, once finished, its answer. */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    tenantId: text("tenant_id").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    status: text("status", { enum: ["pending", "done"] }).notNull(),
    responseStatus: integer("response_status"),
    responseBody: text("response_body"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] })],
);

export const taskStatuses = ["queued", "running", "succeeded", "failed", "canceled"] as const;
export const taskTypes = ["video", "midjourney"] as const;

/**
 * Long-running work (video, Midjourney). The status only ever leaves queued/running through one
 * conditional update, and only the caller whose update won settles or releases `holdId`.
 */
export const tasks = sqliteTable(
  "tasks",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    userId: text("user_id"),
    type: text("type", { enum: taskTypes }).notNull(),
    model: text("model").notNull(),
    provider: text("provider"),
    status: text("status", { enum: taskStatuses }).notNull().default("queued"),
    progress: integer("progress").notNull().default(0),
    /** The validated request, kept so a task whose gateway submit was interrupted can be submitted again. */
    request: text("request", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    holdId: text("hold_id").notNull(),
    heldCredits: integer("held_credits").notNull(),
    chargedCredits: integer("charged_credits"),
    callbackUrl: text("callback_url"),
    gatewayTaskId: text("gateway_task_id"),
    sandbox: integer("sandbox", { mode: "boolean" }),
    /** `buttons`: a finished Midjourney task's actions (upscale, variation...), pressed through POST /midjourney/action. */
    result: text("result", { mode: "json" }).$type<{
      urls: string[];
      files: {
        url: string;
        key: string;
        mimeType: string;
        bytes: number;
        width?: number;
        height?: number;
        durationSeconds?: number;
      }[];
      buttons?: { customId: string; label: string }[];
    }>(),
    error: text("error", { mode: "json" }).$type<{ code: string; message: string }>(),
    /** Past this the task fails and is refunded, whatever the upstream says. */
    deadlineAt: integer("deadline_at", { mode: "timestamp_ms" }).notNull(),
    /** null: nobody to notify; pending until a delivery succeeds or gives up. */
    webhookStatus: text("webhook_status", { enum: ["pending", "delivered", "failed"] }),
    /** One server instance delivers a task's webhook at a time; a crashed one's lease runs out. */
    webhookLeaseUntil: integer("webhook_lease_until", { mode: "timestamp_ms" }),
    /** When a runner pass last took the task up: passes take the least recently polled first, so none starves. */
    lastPolledAt: integer("last_polled_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("tasks_tenant_created").on(t.tenantId, t.createdAt),
    index("tasks_status").on(t.status),
    index("tasks_status_polled").on(t.status, t.lastPolledAt),
    index("tasks_hold").on(t.holdId),
    index("tasks_webhook").on(t.webhookStatus),
  ],
);

/** One row per webhook POST attempt; `deliveryId` is the payload id, the same across one task's retries. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    deliveryId: text("delivery_id").notNull(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    taskId: text("task_id").notNull(),
    url: text("url").notNull(),
    attempt: integer("attempt").notNull(),
    statusCode: integer("status_code"),
    error: text("error"),
    succeeded: integer("succeeded", { mode: "boolean" }).notNull(),
    durationMs: integer("duration_ms").notNull(),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_attempt").on(t.deliveryId, t.attempt),
    index("webhook_deliveries_task").on(t.taskId),
  ],
);

/** Platform operators: they sign in to /admin with a password (Bun.password) and get an admin-type JWT. */
export const admins = sqliteTable(
  "admins",
  {
    id: text("id").primaryKey(),
    username: text("username").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["owner", "operator"] })
      .notNull()
      .default("operator"),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
    /** Carried in the operator's JWT; bumped on password reset, role change and deactivation. */
    tokenVersion: integer("token_version").notNull().default(0),
    createdAt: createdAt(),
    lastLoginAt: integer("last_login_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("admins_username").on(t.username)],
);

/** Append-only record of every operator write: who did what to which target, when. */
export const adminAudit = sqliteTable(
  "admin_audit",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    adminId: text("admin_id").notNull(),
    adminUsername: text("admin_username").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index("admin_audit_target").on(t.targetId), index("admin_audit_created").on(t.createdAt)],
);

/** A tenant with rows here may call only these models; a tenant with none may call every enabled model. */
export const tenantModels = sqliteTable(
  "tenant_models",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    modelId: text("model_id")
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.modelId] })],
);

export type Tenant = typeof tenants.$inferSelect;
export type TenantApiKey = typeof tenantApiKeys.$inferSelect;
export type TenantUser = typeof tenantUsers.$inferSelect;
export type LedgerRow = typeof creditLedger.$inferSelect;
export type CreditHold = typeof creditHolds.$inferSelect;
export type UsageRow = typeof usageRecords.$inferSelect;
export type Model = typeof models.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type Admin = typeof admins.$inferSelect;
export type AdminAuditRow = typeof adminAudit.$inferSelect;
