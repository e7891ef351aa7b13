// Login attempts counted in the shared database: the lockout survives a Redis restart (or its absence) and every
// server instance sees the same count. Logins are rare next to API calls, so a write per attempt costs little.
import type { ServerDb } from "@waule/db/connect";
import type { Clock } from "@waule/shared/clock";
import type { ConcurrencyLimiter, Lease } from "../limits";

/**
 * The ConcurrencyLimiter the login limiter needs, over login_attempts: each `acquire` is one batch (a transaction)
 * whose INSERT only happens while fewer than `max` live rows hold the key, so parallel guesses cannot pass the cap.
 */
export function createLoginAttemptStore(
  deps: { db: ServerDb; clock: Clock },
  newId: () => string = () => crypto.randomUUID(),
): ConcurrencyLimiter & { sweep(): Promise<number> } {
  const db = deps.db.$client;
  return {
    async acquire(key, max, ttlMs, id) {
      const now = deps.clock.now();
      const lease: Lease = { key, id: id ?? newId() };
      const [, inserted] = await db.batch(
        [
          { sql: "DELETE FROM login_attempts WHERE key = ? AND expires_at <= ?", args: [key, now] },
          {
            sql: `INSERT INTO login_attempts (key, id, expires_at)
                  SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM login_attempts WHERE key = ? AND id = ?)
                     OR (SELECT COUNT(*) FROM login_attempts WHERE key = ?) < ?
                  ON CONFLICT (key, id) DO UPDATE SET expires_at = excluded.expires_at`,
            args: [key, lease.id, now + ttlMs, key, lease.id, key, max],
          },
        ],
        "write",
      );
      return inserted?.rowsAffected === 1 ? { allowed: true, lease } : { allowed: false };
    },
    async renew(lease, ttlMs) {
      const now = deps.clock.now();
      const rs = await db.execute({
        sql: "UPDATE login_attempts SET expires_at = ? WHERE key = ? AND id = ? AND expires_at > ?",
        args: [now + ttlMs, lease.key, lease.id, now],
      });
      return rs.rowsAffected === 1;
    },
    async release(lease) {
      await db.execute({ sql: "DELETE FROM login_attempts WHERE key = ? AND id = ?", args: [lease.key, lease.id] });
    },
    /** Drops every attempt whose window has passed (keys never tried again would otherwise stay). */
    async sweep() {
      const rs = await db.execute({
        sql: "DELETE FROM login_attempts WHERE expires_at <= ?",
        args: [deps.clock.now()],
      });
      return rs.rowsAffected;
    },
  };
}
