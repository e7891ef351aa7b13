// The signatures of internal calls already accepted, so a captured call sent again is refused instead of paying
// upstream a second time. Kept in the gateway database, so every gateway instance sharing it refuses the replay.
// Each check is one INSERT OR IGNORE through the group commit (db.$sql): cheap per call, and still decided by the
// shared table's primary key, so of two copies of a call, on any instances, exactly one gets in.
import type { GatewayDb } from "@waule/db/connect";
import { deferredWrites } from "../calls/deferred-writes";

/** Expired rows are swept at most this often (on the clock the calls carry), as part of a normal call. */
const PURGE_EVERY_MS = 60_000;

export type SeenSignatures = {
  /** Records the signature; false when it was already recorded (a replay). Rows go once `expiresAtMs` has passed. */
  remember(signature: string, expiresAtMs: number, nowMs: number): Promise<boolean>;
};

export function createSeenSignatures(db: GatewayDb): SeenSignatures {
  let nextPurgeAt = 0;
  const bookkeeping = deferredWrites(db);
  return {
    async remember(signature, expiresAtMs, nowMs) {
      const purge =
        nowMs >= nextPurgeAt ? [{ sql: "DELETE FROM seen_signatures WHERE expires_at < ?", args: [nowMs] }] : [];
      if (purge.length) nextPurgeAt = nowMs + PURGE_EVERY_MS;
      // The queued bookkeeping of earlier calls (request-log rows, key use) rides along in this commit.
      bookkeeping.send();
      // One statement decides: of two racing copies of a call, exactly one insert takes the primary key.
      const results = await db.$sql.write([
        ...purge,
        {
          sql: "INSERT INTO seen_signatures (signature, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
          args: [signature, expiresAtMs],
        },
      ]);
      return results.at(-1)?.rowsAffected === 1;
    },
  };
}
