// Reads the platform settings for every request that needs them: cached per instance, dropped when any instance
// changes them (Redis pub/sub, or in-process without Redis), and re-read after a short TTL whatever happens.
import type { ServerDb } from "@waule/db/connect";
import { platformSettings } from "@waule/db/server";
import type { Clock } from "@waule/shared/clock";
import type Redis from "ioredis";
import { defaultSettings, type PlatformSettings, settingsSections } from "./defaults";

/** A lost pub/sub message (Redis restart) still heals within this. */
export const SETTINGS_TTL_MS = 5_000;

export type SettingsStore = {
  get(): Promise<PlatformSettings & { updatedAt: number | null }>;
  /** Drops this instance's copy and tells every other instance to drop theirs. */
  changed(): Promise<void>;
  /** Resolves at the next invalidation this instance receives (tests wait on it instead of sleeping). */
  nextInvalidation(): Promise<void>;
  close(): Promise<void>;
};

export type SettingsStoreOptions = {
  db: ServerDb;
  clock: Clock;
  ttlMs?: number;
  redis?: { publisher: Redis; subscriber: Redis; prefix: string } | null;
};

export async function readSettings(db: ServerDb): Promise<PlatformSettings & { updatedAt: number | null }> {
  const rows = await db.select().from(platformSettings);
  const settings = defaultSettings();
  let updatedAt: number | null = null;
  for (const row of rows) {
    const section = settingsSections.find((s) => s === row.key);
    if (!section) continue;
    // Stored sections are merged over the defaults, so a field added later gets its default on old rows.
    Object.assign(settings[section], row.value);
    updatedAt = Math.max(updatedAt ?? 0, row.updatedAt.getTime());
  }
  return { ...settings, updatedAt };
}

export function createSettingsStore(opts: SettingsStoreOptions): SettingsStore {
  const ttl = opts.ttlMs ?? SETTINGS_TTL_MS;
  let cached: { at: number; value: Promise<PlatformSettings & { updatedAt: number | null }> } | null = null;
  let waiters: (() => void)[] = [];
  const invalidate = () => {
    cached = null;
    const woken = waiters;
    waiters = [];
    for (const w of woken) w();
  };
  const channel = opts.redis ? `${opts.redis.prefix}settings-changed` : null;
  const onMessage = (from: string) => {
    if (from === channel) invalidate();
  };
  let subscribed: Promise<unknown> = Promise.resolve();
  if (opts.redis && channel) {
    opts.redis.subscriber.on("message", onMessage);
    subscribed = opts.redis.subscriber.subscribe(channel);
  }
  return {
    async get() {
      const now = opts.clock.now();
      if (!cached || now - cached.at >= ttl || now < cached.at) {
        const value = readSettings(opts.db);
        cached = { at: now, value };
        // A failed read is not kept: the next call tries again.
        value.catch(() => {
          if (cached?.value === value) cached = null;
        });
      }
      return cached.value;
    },
    async changed() {
      invalidate();
      if (opts.redis && channel) {
        await subscribed;
        await opts.redis.publisher.publish(channel, String(opts.clock.now()));
      }
    },
    nextInvalidation: () => new Promise<void>((resolve) => waiters.push(resolve)),
    async close() {
      if (opts.redis && channel) {
        opts.redis.subscriber.off("message", onMessage);
        await opts.redis.subscriber.unsubscribe(channel).catch(() => {});
      }
    },
  };
}
