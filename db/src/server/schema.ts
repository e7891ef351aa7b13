// Server database: tenants, their keys and users, the credit ledger, usage, models, idempotency, tasks, webhook deliveries, operators and their audit, redemption codes, tenant events.
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
    /** Below this balance a spend sends one `balance.low` webhook event; null: no alert. */
    lowBalanceThreshold: integer("low_balance_threshold"),
    /** Set when that event was queued; cleared when credits come in and lift the balance back to the threshold. */
    lowBalanceAlertedAt: integer("low_balance_alerted_at", { mode: "timestamp_ms" }),
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

/**
 * `purchase`: the credits (and bonus) of a paid order, written once per order by billing/purchase.ts.
 * `expiry`: what was left of a credit grant past its validity, taken once per grant by billing/credit-expiry.ts.
 */
export const ledgerKinds = ["hold", "settle", "release", "recharge", "adjust", "purchase", "redeem", "expiry"] as const;

/**
 * Append-only. balance == sum(amount) per tenant; balanceAfter is the tenant's balance right after the row.
 * `seq` is the rowid without AUTOINCREMENT: rows are never deleted, so max + 1 numbers them exactly as
 * AUTOINCREMENT would, without its sqlite_sequence row rewritten (one more WAL frame) in every commit.
 */
export const creditLedger = sqliteTable(
  "credit_ledger",
  {
    seq: integer("seq").primaryKey(),
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
  // A hold's own row only (credit expiry looks a settle's hold up by it): the settle's and release's rows of a call
  // then leave this index alone.
  (t) => [
    index("credit_ledger_tenant").on(t.tenantId, t.seq),
    index("credit_ledger_hold").on(t.holdId).where(sql`kind = 'hold'`),
  ],
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
    /** What the hold pays for, so a released call (no usage row) still names its model in the call ledger. */
    model: text("model"),
    operation: text("operation"),
    /**
     * A sync call's hold carries the lease of the server process running the call, renewed while it lives; once
     * `lease_until` has passed the call is dead and the sweep releases the hold. Null for task holds (their task owns them).
     */
    leaseId: text("lease_id"),
    leaseUntil: integer("lease_until", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
  },
  // Open holds only (what the sweeps and the metrics read): a settle removes its hold from this index instead of
  // moving it to a settled entry, and the index stays as small as the calls in flight.
  (t) => [
    index("credit_holds_open").on(t.createdAt).where(sql`status = 'held'`),
    index("credit_holds_tenant").on(t.tenantId),
  ],
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
    /** The lease of the process running the first request (see credit_holds); a pending key past it may be retried. */
    leaseId: text("lease_id"),
    leaseUntil: integer("lease_until", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] }), index("idempotency_keys_pending").on(t.status, t.leaseId)],
);

/**
 * Login attempts still counting against an account or a client IP (auth/login-failures.ts): one row per attempt,
 * dropped on success or when the window passes. In the database, not Redis, so lockouts survive a Redis restart.
 */
export const loginAttempts = sqliteTable(
  "login_attempts",
  {
    key: text("key").notNull(),
    id: text("id").notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.id] }), index("login_attempts_expiry").on(t.expiresAt)],
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

/** A batch of redemption codes (卡密) an operator generated: every code in it is worth `credits`, `maxUses` times. */
export const redemptionBatches = sqliteTable(
  "redemption_batches",
  {
    id: text("id").primaryKey(),
    credits: integer("credits").notNull(),
    maxUses: integer("max_uses").notNull().default(1),
    codeCount: integer("code_count").notNull(),
    note: text("note"),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
    /** How long the credits of a use last, in days (a credit grant, billing/credit-expiry.ts); null: no limit. */
    validityDays: integer("validity_days"),
    /** A disabled batch's codes are refused like unknown ones. */
    disabledAt: integer("disabled_at", { mode: "timestamp_ms" }),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("redemption_batches_created").on(t.createdAt)],
);

/** One code: only its SHA-256 is kept (the code is shown once, at generation); `uses` only grows, in the redeem's batch. */
export const redemptionCodes = sqliteTable(
  "redemption_codes",
  {
    codeHash: text("code_hash").primaryKey(),
    batchId: text("batch_id")
      .notNull()
      .references(() => redemptionBatches.id, { onDelete: "cascade" }),
    /** The visible start of the code (WR-ABCD), to tell codes apart in lists and exports. */
    prefix: text("prefix").notNull(),
    maxUses: integer("max_uses").notNull(),
    uses: integer("uses").notNull().default(0),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("redemption_codes_batch").on(t.batchId),
    check("redemption_codes_uses", sql`${t.uses} <= ${t.maxUses}`),
  ],
);

/** One row per successful redeem, written in the same transaction as its ledger row; a tenant uses a code at most once. */
export const redemptionUses = sqliteTable(
  "redemption_uses",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    codeHash: text("code_hash").notNull(),
    batchId: text("batch_id").notNull(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    credits: integer("credits").notNull(),
    ledgerSeq: integer("ledger_seq").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("redemption_uses_code_tenant").on(t.codeHash, t.tenantId),
    index("redemption_uses_batch").on(t.batchId),
  ],
);

/** Tenant-level webhook events that are not a task's (`balance.low`): an outbox the webhook dispatcher delivers from. */
export const tenantEvents = sqliteTable(
  "tenant_events",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    type: text("type", { enum: ["balance.low"] }).notNull(),
    data: text("data", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    webhookStatus: text("webhook_status", { enum: ["pending", "delivered", "failed"] }),
    webhookLeaseUntil: integer("webhook_lease_until", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("tenant_events_webhook").on(t.webhookStatus), index("tenant_events_tenant").on(t.tenantId)],
);

export const currencies = ["CNY", "USD"] as const;

/** What an operator sells: a price in integer minor units (fen, cents) for credits plus bonus credits. */
export const rechargePackages = sqliteTable(
  "recharge_packages",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    currency: text("currency", { enum: currencies }).notNull(),
    /** Minor units (fen for CNY, cents for USD). */
    price: integer("price").notNull(),
    credits: integer("credits").notNull(),
    bonusCredits: integer("bonus_credits").notNull().default(0),
    /** How long the bought credits are meant to last, in days; null: no limit. Carried onto each order. */
    validityDays: integer("validity_days"),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    check("recharge_packages_price_positive", sql`${t.price} > 0`),
    check("recharge_packages_credits_positive", sql`${t.credits} > 0`),
    check("recharge_packages_bonus_non_negative", sql`${t.bonusCredits} >= 0`),
  ],
);

export const orderStatuses = ["created", "paid", "credited", "expired", "failed"] as const;
export const paymentProviders = ["alipay", "wechat", "stripe"] as const;

/**
 * A tenant buying one package. The package is copied in (price, credits), so a later edit of the package
 * changes no open order. Status moves created → paid → credited (one ledger batch), or created → expired/failed.
 */
export const orders = sqliteTable(
  "orders",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    packageId: text("package_id").notNull(),
    packageName: text("package_name").notNull(),
    provider: text("provider", { enum: paymentProviders }).notNull(),
    status: text("status", { enum: orderStatuses }).notNull().default("created"),
    amount: integer("amount").notNull(),
    currency: text("currency", { enum: currencies }).notNull(),
    credits: integer("credits").notNull(),
    bonusCredits: integer("bonus_credits").notNull(),
    validityDays: integer("validity_days"),
    /** The provider's own id of the payment (Alipay trade_no, WeChat transaction_id, Stripe session id). */
    providerRef: text("provider_ref"),
    payUrl: text("pay_url"),
    qrCode: text("qr_code"),
    /** Who asked: a tenant user id or an API key id. */
    createdBy: text("created_by"),
    failure: text("failure"),
    /** The purchase ledger row, once credited. */
    ledgerSeq: integer("ledger_seq"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    paidAt: integer("paid_at", { mode: "timestamp_ms" }),
    creditedAt: integer("credited_at", { mode: "timestamp_ms" }),
    /** When reconciliation last asked the provider about this order. */
    checkedAt: integer("checked_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("orders_tenant_created").on(t.tenantId, t.createdAt),
    index("orders_status_expires").on(t.status, t.expiresAt),
  ],
);

/** Every payment notify that reached the server, with what became of it (credited, duplicate, refused and why). */
export const paymentNotifies = sqliteTable(
  "payment_notifies",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    provider: text("provider").notNull(),
    orderId: text("order_id"),
    outcome: text("outcome", { enum: ["credited", "duplicate", "ignored", "refused"] }).notNull(),
    reason: text("reason"),
    /** The provider's event or notify id, when it sent one. */
    eventId: text("event_id"),
    remoteIp: text("remote_ip"),
    createdAt: createdAt(),
  },
  (t) => [index("payment_notifies_order").on(t.orderId), index("payment_notifies_created").on(t.createdAt)],
);

/**
 * Credits that expire (a package bought with a validity): written in the purchase's own batch. The expiry sweep
 * (billing/credit-expiry.ts) spends `remaining` down, earliest expiry first, from the ledger's spending after its
 * cursor, and past `expiresAt` takes what is left (never more than the balance) with one `expiry` ledger row.
 */
export const creditGrants = sqliteTable(
  "credit_grants",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    source: text("source", { enum: ["purchase", "redeem"] }).notNull(),
    /** The order (or redemption use) the credits came from. */
    sourceId: text("source_id").notNull(),
    credits: integer("credits").notNull(),
    remaining: integer("remaining").notNull(),
    /** The ledger row that added the credits: only spending after it can use them. */
    ledgerSeq: integer("ledger_seq").notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    /** live → spent (remaining reached 0) | expired (past expiresAt), each once. */
    status: text("status", { enum: ["live", "spent", "expired"] })
      .notNull()
      .default("live"),
    /** What the expiry took from the balance (≤ remaining, ≤ the balance then). */
    expiredAmount: integer("expired_amount"),
    expiredAt: integer("expired_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("credit_grants_source").on(t.source, t.sourceId),
    index("credit_grants_live").on(t.status, t.tenantId, t.expiresAt),
    check("credit_grants_remaining", sql`${t.remaining} >= 0 AND ${t.remaining} <= ${t.credits}`),
  ],
);

/**
 * Where the expiry sweep has read a tenant's ledger up to. `token` names the pass that last moved it, so the grant
 * updates of a pass act only if that pass's own move of the cursor won (two instances sweeping at once).
 */
export const creditGrantCursors = sqliteTable("credit_grant_cursors", {
  tenantId: text("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  seq: integer("seq").notNull(),
  token: text("token"),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

/** Operator-editable platform settings, one JSON value per section; secrets inside are sealed. */
export const platformSettings = sqliteTable("platform_settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  updatedBy: text("updated_by"),
});

export type RechargePackage = typeof rechargePackages.$inferSelect;
export type OrderRow = typeof orders.$inferSelect;
export type PaymentNotifyRow = typeof paymentNotifies.$inferSelect;
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
export type RedemptionBatch = typeof redemptionBatches.$inferSelect;
export type RedemptionCode = typeof redemptionCodes.$inferSelect;
export type TenantEventRow = typeof tenantEvents.$inferSelect;
export type CreditGrant = typeof creditGrants.$inferSelect;
