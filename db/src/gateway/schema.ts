// Gateway database: the provider key pool, the log of upstream calls, sealed settings, Midjourney accounts and upstream tasks.
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const createdAt = () => integer("created_at", { mode: "timestamp_ms" }).notNull();

/** Upstream provider keys; `secret` is AES-256-GCM sealed with CONFIG_ENCRYPTION_KEY and never returned in full. */
export const providerKeys = sqliteTable(
  "provider_keys",
  {
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
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("provider_keys_provider").on(t.provider)],
);

/**
 * The last management test-call of a key (status, when, message), kept apart from the key row the pool reads on every
 * call: the operator's table shows it after a reload, and no hot-path write or read ever touches it.
 */
export const providerKeyTests = sqliteTable("provider_key_tests", {
  keyId: text("key_id")
    .primaryKey()
    .references(() => providerKeys.id, { onDelete: "cascade" }),
  ok: integer("ok", { mode: "boolean" }).notNull(),
  /** The error code of a failed test, null when it passed. */
  code: text("code"),
  /** The latency of a passed test or the (secret-scrubbed) error of a failed one. */
  message: text("message").notNull(),
  latencyMs: integer("latency_ms").notNull(),
  testedAt: integer("tested_at", { mode: "timestamp_ms" }).notNull(),
});

/** One row per upstream call the gateway made, for per-provider/key/day usage. */
export const requestLog = sqliteTable(
  "request_log",
  {
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
  },
  (t) => [index("request_log_created").on(t.createdAt), index("request_log_provider").on(t.provider, t.createdAt)],
);

/**
 * Gateway-wide settings edited through the management API (platform OSS, sora proxy).
 * `value` is a JSON document sealed with CONFIG_ENCRYPTION_KEY as a whole, so no field of it sits in plaintext.
 */
export const gatewaySettings = sqliteTable("gateway_settings", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

/** Discord accounts the midjourney-proxy-compatible service drives; `userToken` is sealed. */
export const discordAccounts = sqliteTable(
  "discord_accounts",
  {
    id: text("id").primaryKey(),
    guildId: text("guild_id").notNull(),
    channelId: text("channel_id").notNull(),
    userToken: text("user_token").notNull(),
    /** Last four characters of the token, for display. */
    tokenHint: text("token_hint").notNull(),
    userAgent: text("user_agent"),
    /** Concurrent jobs the account runs, and how many more may wait in its queue. */
    coreSize: integer("core_size").notNull().default(3),
    queueSize: integer("queue_size").notNull().default(10),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    disabledReason: text("disabled_reason"),
    remark: text("remark"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("discord_accounts_channel").on(t.guildId, t.channelId)],
);

/** A Midjourney button on a finished task: what a later action presses. */
export type MidjourneyButtonRow = { customId: string; label: string };

/**
 * One long-running upstream job (video, Midjourney) per server task. Holds no tenant credentials: for CUSTOM
 * storage only the mode is kept; the bucket settings live in memory or come again with the server's poll.
 */
export const upstreamTasks = sqliteTable(
  "upstream_tasks",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    serverTaskId: text("server_task_id").notNull(),
    capability: text("capability", { enum: ["video", "midjourney"] }).notNull(),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    upstreamModel: text("upstream_model").notNull(),
    /** The pool key the job was submitted with; polls use the same account. */
    keyId: text("key_id"),
    /** Null until the provider accepted the job. */
    upstreamTaskId: text("upstream_task_id"),
    /**
     * Midjourney: the Discord account instance (its channel id) the job is pinned to; an action on the
     * result must go to the same account, and open rows per account count against its coreSize.
     */
    accountId: text("account_id"),
    /** Midjourney: the buttons (upscale, variation...) of the finished job. */
    buttons: text("buttons", { mode: "json" }).$type<MidjourneyButtonRow[]>(),
    status: text("status", { enum: ["queued", "running", "succeeded", "failed"] })
      .notNull()
      .default("queued"),
    progress: integer("progress").notNull().default(0),
    storageMode: text("storage_mode", { enum: ["PLATFORM", "CUSTOM"] }).notNull(),
    files: text("files", { mode: "json" }).$type<
      {
        url: string;
        key: string;
        mimeType: string;
        bytes: number;
        width?: number;
        height?: number;
        durationSeconds?: number;
      }[]
    >(),
    error: text("error", { mode: "json" }).$type<{ code: string; message: string }>(),
    /** Polls in a row that found the upstream unreachable. */
    pollFailures: integer("poll_failures").notNull().default(0),
    lastPolledAt: integer("last_polled_at", { mode: "timestamp_ms" }),
    /**
     * When the background poller last picked the row, whether or not it could ask the upstream (a CUSTOM
     * row waits for the server's poll). Batches go least-recently-visited first, so no row starves the rest.
     */
    lastVisitedAt: integer("last_visited_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("upstream_tasks_server_task").on(t.tenantId, t.serverTaskId),
    index("upstream_tasks_status").on(t.status, t.lastVisitedAt),
    index("upstream_tasks_account").on(t.accountId, t.status),
  ],
);

export type ProviderKey = typeof providerKeys.$inferSelect;
export type RequestLogRow = typeof requestLog.$inferSelect;
export type GatewaySetting = typeof gatewaySettings.$inferSelect;
export type DiscordAccount = typeof discordAccounts.$inferSelect;
export type UpstreamTaskRow = typeof upstreamTasks.$inferSelect;

/**
 * Internal-call signatures already accepted, kept until their timestamp leaves the signing window: a captured
 * request sent again is refused (the primary key makes the second insert fail) instead of paying upstream twice.
 */
export const seenSignatures = sqliteTable(
  "seen_signatures",
  {
    /**
     * The signed timestamp, first in the key: a call is always signed a moment ago, so each new row goes to the
     * right-hand end of one B-tree and the sweep takes whole pages from the left, instead of a random page per row.
     * Part of what the signature covers, so a replay carries the same pair.
     */
    signedAt: integer("signed_at").notNull(),
    signature: text("signature").notNull(),
  },
  // Migration 0008 makes the table WITHOUT ROWID (the schema language here cannot say so): the key is the table,
  // with no rowid B-tree and no separate index beside it. A generated rebuild of this table must keep that.
  (t) => [primaryKey({ columns: [t.signedAt, t.signature] })],
);

/**
 * One row: how far the seen signatures are covered durably, so most of them can be written without their own fsync
 * (services/gateway/src/internal-auth/seen-signatures.ts). `coveredUntil`: every signature accepted without an fsync
 * on machine boot `bootId` is timestamped at or before it. `horizon`: signatures timestamped at or before it are
 * refused, because a boot since then may have lost their rows.
 */
export const seenSignatureCover = sqliteTable("seen_signature_cover", {
  id: integer("id").primaryKey(),
  bootId: text("boot_id").notNull(),
  coveredUntil: integer("covered_until").notNull(),
  horizon: integer("horizon").notNull(),
});
