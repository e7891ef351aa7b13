// The lease of this server process over the sync calls it is running: their holds and pending Idempotency-Keys carry
// its id and an expiry, renewed (one statement per table for all of them) while the process lives. A process that dies
// stops renewing, so within one lease its calls' holds are released and their keys may be retried.
import type { ServerDb } from "@waule/db/connect";
import type { Clock, Ids } from "@waule/shared/clock";

/** What a hold or a pending key is stamped with when its call starts. */
export type LeaseStamp = { id: string; until: number };

export type RequestLease = {
  id: string;
  ttlMs: number;
  /** The stamp for a call starting at `now`: valid one lease from now, until the next renewal extends it. */
  stamp(now: number): LeaseStamp;
  /** Extends every open hold and pending key of this process to now + ttlMs. */
  renew(): Promise<void>;
  /** Renews every ttlMs / 3 (so two renewals can fail before a live call looks dead). */
  start(): void;
  stop(): void;
};

export function createRequestLease(deps: { db: ServerDb; clock: Clock; ids: Ids }, ttlMs: number): RequestLease {
  const id = deps.ids.make("lease");
  let timer: ReturnType<typeof setInterval> | null = null;

  async function renew(): Promise<void> {
    const until = deps.clock.now() + ttlMs;
    await deps.db.$client.batch(
      [
        { sql: "UPDATE credit_holds SET lease_until = ? WHERE status = 'held' AND lease_id = ?", args: [until, id] },
        {
          sql: "UPDATE idempotency_keys SET lease_until = ? WHERE status = 'pending' AND lease_id = ?",
          args: [until, id],
        },
      ],
      "write",
    );
  }

  return {
    id,
    ttlMs,
    stamp: (now) => ({ id, until: now + ttlMs }),
    renew,
    start() {
      if (timer) return;
      timer = setInterval(
        () => void renew().catch((err) => console.error("[leases] renewing the request lease failed", err)),
        Math.max(1, Math.floor(ttlMs / 3)),
      );
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
