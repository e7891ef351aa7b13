// The shared provider key pool: picks a usable key and learns from each call's outcome, with all state in the DB.
import type { GatewayDb } from "@waule/db/connect";
import { providerKeys } from "@waule/db/gateway";
import type { Clock } from "@waule/shared/clock";
import { unseal } from "@waule/shared/sealing";
import { eq, sql } from "drizzle-orm";
import { deferredWrites } from "../calls/deferred-writes";
import { type KeyOutcome, type KeyVerdict, verdictFor } from "./outcome";

export type KeyPoolConfig = {
  encryptionKey: string;
  /** Rest after a 429 that names no Retry-After. */
  rateLimitCooldownMs?: number;
  /** Short rest after a 5xx or timeout. */
  failureCooldownMs?: number;
  /** Consecutive 5xx/timeouts after which the key is disabled. */
  maxConsecutiveFailures?: number;
};

export type KeyPoolDeps = {
  db: GatewayDb;
  clock: Clock;
  /** Uniform in [0, 1); injected so weight tests can seed it. */
  random: () => number;
  config: KeyPoolConfig;
};

/** A key handed to one upstream call; matches the adapters' `ProviderKeyUse`. */
export type PickedKey = { id: string; provider: string; name: string; secret: string; baseUrl: string | null };

export type KeyPool = {
  /** `includeCoolingDown` also offers resting keys (never disabled ones): a stand-in model's call may succeed
   * on a key that was just rate limited for another model. */
  pick(
    provider: string,
    exclude?: readonly string[],
    options?: { includeCoolingDown?: boolean },
  ): Promise<PickedKey | null>;
  report(keyId: string, outcome: KeyOutcome): Promise<KeyVerdict>;
};

type Candidate = { id: string; weight: number; lastUsedAt: Date | null; createdAt: Date };

/**
 * Weighted choice between weight classes, least-recent use within a class: a class of keys is chosen with
 * probability proportional to its total weight, and its least recently used member serves. Each key's long-run
 * share stays proportional to its weight while equal keys take turns instead of colliding on the same one.
 */
export function chooseKey<T extends Candidate>(candidates: readonly T[], random: () => number): T | null {
  const classes = new Map<number, T[]>();
  for (const c of candidates) {
    if (c.weight <= 0) continue;
    const members = classes.get(c.weight) ?? [];
    members.push(c);
    classes.set(c.weight, members);
  }
  const ordered = [...classes.entries()].sort(([a], [b]) => b - a);
  const total = ordered.reduce((sum, [weight, members]) => sum + weight * members.length, 0);
  if (total === 0) return null;
  let roll = random() * total;
  let chosen = ordered[ordered.length - 1]![1];
  for (const [weight, members] of ordered) {
    roll -= weight * members.length;
    if (roll < 0) {
      chosen = members;
      break;
    }
  }
  return [...chosen].sort(leastRecentFirst)[0] ?? null;
}

function newer(stored: number | null, picked: number | undefined): Date | null {
  if (stored === null && picked === undefined) return null;
  return new Date(Math.max(stored ?? 0, picked ?? 0));
}

function leastRecentFirst(a: Candidate, b: Candidate): number {
  const used = (a.lastUsedAt?.getTime() ?? -1) - (b.lastUsedAt?.getTime() ?? -1);
  if (used !== 0) return used;
  const created = a.createdAt.getTime() - b.createdAt.getTime();
  return created !== 0 ? created : a.id.localeCompare(b.id);
}

export function createKeyPool({ db, clock, random, config }: KeyPoolDeps): KeyPool {
  const rateLimitCooldownMs = config.rateLimitCooldownMs ?? 60_000;
  const failureCooldownMs = config.failureCooldownMs ?? 10_000;
  const maxConsecutiveFailures = config.maxConsecutiveFailures ?? 5;
  // Keyed by the sealed text itself, so an edited secret (a new sealed value) is never served from here.
  const unsealed = new Map<string, string>();
  const unsealCached = async (sealed: string) => {
    const known = unsealed.get(sealed);
    if (known !== undefined) return known;
    const secret = await unseal(config.encryptionKey, sealed);
    if (unsealed.size >= 1_000) unsealed.clear();
    unsealed.set(sealed, secret);
    return secret;
  };

  // When this process last handed out each key: its use is written later (deferred-writes.ts), and until then
  // the database still has the older time, so this process's own picks go by whichever is newer.
  const lastPicked = new Map<string, number>();
  const bookkeeping = deferredWrites(db);
  // Summed between two sends of the queue: a key picked 40 times meanwhile is one UPDATE, as is its healthy reset.
  let uses = new Map<string, { count: number; at: number }>();
  let healthy = new Set<string>();
  bookkeeping.contribute(() => {
    const stmts = [...uses].map(([id, use]) => ({
      sql: "UPDATE provider_keys SET last_used_at = MAX(COALESCE(last_used_at, 0), ?), requests = requests + ? WHERE id = ?",
      args: [use.at, use.count, id],
    }));
    for (const id of healthy)
      stmts.push({
        sql: "UPDATE provider_keys SET consecutive_failures = 0 WHERE id = ? AND consecutive_failures <> 0",
        args: [id],
      });
    uses = new Map();
    healthy = new Set();
    return stmts;
  });

  return {
    async pick(provider, exclude = [], options = {}) {
      const now = clock.now();
      // Hand-written and prepared once (db.$sql): this runs on every upstream call.
      const candidates = (
        await db.$sql.all(
          `SELECT id, name, secret, base_url, weight, last_used_at, created_at FROM provider_keys
           WHERE provider = ? AND enabled = 1
           ${options.includeCoolingDown ? "" : "AND (cooldown_until IS NULL OR cooldown_until <= ?)"}
           ${exclude.length > 0 ? `AND id NOT IN (${exclude.map(() => "?").join(", ")})` : ""}`,
          [provider, ...(options.includeCoolingDown ? [] : [now]), ...exclude],
        )
      ).map((r) => ({
        id: String(r.id),
        name: String(r.name),
        secret: String(r.secret),
        baseUrl: r.base_url === null ? null : String(r.base_url),
        weight: Number(r.weight),
        lastUsedAt: newer(r.last_used_at === null ? null : Number(r.last_used_at), lastPicked.get(String(r.id))),
        createdAt: new Date(Number(r.created_at)),
      }));
      const chosen = chooseKey(candidates, random);
      if (!chosen) return null;
      // Marking use at pick time (not at report) lets concurrent picks rotate to the next key: at once in this
      // process, and in the others once the queued write is committed (within DEFER_MS).
      if (lastPicked.size >= 10_000) lastPicked.clear();
      lastPicked.set(chosen.id, Math.max(now, lastPicked.get(chosen.id) ?? 0));
      const use = uses.get(chosen.id);
      uses.set(chosen.id, { count: (use?.count ?? 0) + 1, at: Math.max(now, use?.at ?? 0) });
      bookkeeping.wake();
      return {
        id: chosen.id,
        provider,
        name: chosen.name,
        baseUrl: chosen.baseUrl,
        secret: await unsealCached(chosen.secret),
      };
    },

    async report(keyId, outcome) {
      const verdict = verdictFor(outcome, { rateLimitCooldownMs });
      const now = clock.now();
      // Built only for a failure: the healthy case (every good call) needs no query builder.
      const where = () => eq(providerKeys.id, keyId);
      const failed = () => ({
        failures: sql`${providerKeys.failures} + 1`,
        lastError: "message" in verdict ? verdict.message : null,
      });
      switch (verdict.kind) {
        case "neutral":
          break;
        case "healthy":
          // Changes nothing in the common case and follows every good call: queued, not waited for. A failure
          // report after it writes through drizzle, which commits the queue first, so the two keep their order.
          healthy.add(keyId);
          bookkeeping.wake();
          break;
        case "cooldown":
          await db
            .update(providerKeys)
            .set({ ...failed(), cooldownUntil: new Date(now + verdict.ms) })
            .where(where());
          break;
        case "disable":
          await db
            .update(providerKeys)
            .set({
              ...failed(),
              enabled: false,
              disabledReason: `upstream rejected the key (${verdict.message})`.slice(0, 500),
            })
            .where(where());
          break;
        case "strike": {
          const reachesLimit = sql`${providerKeys.consecutiveFailures} + 1 >= ${maxConsecutiveFailures}`;
          const reason = `${maxConsecutiveFailures} consecutive failures; last ${verdict.message}`.slice(0, 500);
          await db
            .update(providerKeys)
            .set({
              ...failed(),
              consecutiveFailures: sql`${providerKeys.consecutiveFailures} + 1`,
              cooldownUntil: new Date(now + failureCooldownMs),
              enabled: sql`CASE WHEN ${reachesLimit} THEN 0 ELSE ${providerKeys.enabled} END`,
              disabledReason: sql`CASE WHEN ${reachesLimit} THEN ${reason} ELSE ${providerKeys.disabledReason} END`,
            })
            .where(where());
          break;
        }
      }
      return verdict;
    },
  };
}
