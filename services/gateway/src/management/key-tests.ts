// The last test-call of each provider key, kept so the operator's table still shows it (status, when, message) after
// a reload. Its own table (provider_key_tests): the pool's per-call reads and writes of provider_keys never see it.
import type { GatewayDb } from "@waule/db/connect";
import { providerKeyTests } from "@waule/db/gateway";
import { inArray } from "drizzle-orm";

/** What the key views carry as `lastTest`. */
export type KeyTestView = {
  ok: boolean;
  code: string | null;
  message: string;
  latencyMs: number;
  testedAt: string;
};

export type KeyTestResult = Omit<KeyTestView, "testedAt"> & { testedAt: number };

export function createKeyTests(db: GatewayDb) {
  return {
    /** Replaces the key's previous result: only the last one is kept. */
    async record(keyId: string, result: KeyTestResult): Promise<void> {
      const row = {
        ok: result.ok,
        code: result.code,
        message: result.message.slice(0, 1000),
        latencyMs: result.latencyMs,
        testedAt: new Date(result.testedAt),
      };
      await db
        .insert(providerKeyTests)
        .values({ keyId, ...row })
        .onConflictDoUpdate({ target: providerKeyTests.keyId, set: row });
    },

    /** Each listed key with its last test, or null when it was never tested. */
    async attach<K extends { id: string }>(keys: K[]): Promise<(K & { lastTest: KeyTestView | null })[]> {
      const ids = keys.map((k) => k.id);
      const rows = ids.length
        ? await db.select().from(providerKeyTests).where(inArray(providerKeyTests.keyId, ids))
        : [];
      const byKey = new Map(rows.map((r) => [r.keyId, r]));
      return keys.map((k) => {
        const r = byKey.get(k.id);
        return {
          ...k,
          lastTest: r
            ? { ok: r.ok, code: r.code, message: r.message, latencyMs: r.latencyMs, testedAt: r.testedAt.toISOString() }
            : null,
        };
      });
    },
  };
}
