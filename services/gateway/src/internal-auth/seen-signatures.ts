// The signatures of internal calls already accepted, so a captured call sent again is refused instead of paying
// upstream a second time. Kept in the gateway database, so every gateway instance sharing it refuses the replay.
import type { GatewayDb } from "@waule/db/connect";
import { seenSignatures } from "@waule/db/gateway";
import { lt } from "drizzle-orm";

/** Expired rows are swept at most this often (on the clock the calls carry), as part of a normal call. */
const PURGE_EVERY_MS = 60_000;

export type SeenSignatures = {
  /** Records the signature; false when it was already recorded (a replay). Rows go once `expiresAtMs` has passed. */
  remember(signature: string, expiresAtMs: number, nowMs: number): Promise<boolean>;
};

export function createSeenSignatures(db: GatewayDb): SeenSignatures {
  let nextPurgeAt = 0;
  return {
    async remember(signature, expiresAtMs, nowMs) {
      if (nowMs >= nextPurgeAt) {
        nextPurgeAt = nowMs + PURGE_EVERY_MS;
        await db.delete(seenSignatures).where(lt(seenSignatures.expiresAt, new Date(nowMs)));
      }
      // One statement decides: of two racing copies of a call, exactly one insert takes the primary key.
      const inserted = await db
        .insert(seenSignatures)
        .values({ signature, expiresAt: new Date(expiresAtMs) })
        .onConflictDoNothing()
        .returning({ signature: seenSignatures.signature });
      return inserted.length === 1;
    },
  };
}
