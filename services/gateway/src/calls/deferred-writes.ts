// The gateway's bookkeeping writes that no answer has to wait for: request-log rows, key-use counters, a key's
// healthy reset. They are queued here and committed with the next durable write (a call's seen-signature row, so
// they share its commit instead of paying for their own), or after DEFER_MS when no call comes.
//
// Nothing is lost or reordered where it matters: on this process every read through drizzle (db.$client: the
// management API, the key pool's failure reports, tests) first writes and awaits the queue, so it sees every row
// written before it; close() (a clean shutdown) writes the queue before the database closes. Other gateway
// instances see the rows at most DEFER_MS later. Only a crash can lose them, and they are bookkeeping, not money.
import type { GatewayDb } from "@waule/db/connect";
import type { SqlStmt } from "@waule/db/statements";

/** Longest time a queued write waits for a durable write to ride along with. */
export const DEFER_MS = 25;

export type DeferredWrites = {
  /** Queues one unit (its statements run atomically, as with db.$sql.write); a failure is logged, never thrown. */
  later(stmts: SqlStmt[]): void;
  /** Hands the queue to the group commit now, in this tick: a durable write queued right after joins its commit. */
  send(): void;
  /** Writes the queue and resolves once every write handed over so far is committed (or has failed and been logged). */
  flush(): Promise<void>;
};

const byDb = new WeakMap<GatewayDb, DeferredWrites>();

/** The queue of this database (one per opened database, shared by everything that writes bookkeeping to it). */
export function deferredWrites(db: GatewayDb): DeferredWrites {
  let writes = byDb.get(db);
  if (!writes) {
    writes = createDeferredWrites(db);
    byDb.set(db, writes);
  }
  return writes;
}

function createDeferredWrites(db: GatewayDb): DeferredWrites {
  let queue: SqlStmt[][] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const inFlight = new Set<Promise<unknown>>();
  // A database without a local connection (libsql://, :memory:) writes $sql units through client.batch itself:
  // those calls must pass straight through instead of waiting for the very writes they are.
  let sending = false;

  const send = () => {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (queue.length === 0) return;
    const units = queue;
    queue = [];
    sending = true;
    try {
      handOver(units);
    } finally {
      sending = false;
    }
  };
  const handOver = (units: SqlStmt[][]) => {
    for (const unit of units) {
      const written = db.$sql
        .write(unit)
        .catch((err: unknown) => console.error("[gateway] a deferred bookkeeping write failed", err))
        .finally(() => inFlight.delete(written));
      inFlight.add(written);
    }
  };
  const flush = async () => {
    send();
    if (inFlight.size > 0) await Promise.all([...inFlight]);
  };

  // Reads and writes through drizzle first write the queue, so this process always reads its own bookkeeping.
  const client = db.$client;
  const execute = client.execute.bind(client);
  const batch = client.batch.bind(client);
  const transaction = client.transaction.bind(client);
  const close = client.close.bind(client);
  client.execute = (async (...args: Parameters<typeof execute>) => {
    await flush();
    return execute(...args);
  }) as typeof client.execute;
  client.batch = (async (...args: Parameters<typeof batch>) => {
    if (!sending) await flush();
    return batch(...args);
  }) as typeof client.batch;
  client.transaction = (async (...args: Parameters<typeof transaction>) => {
    await flush();
    return transaction(...args);
  }) as typeof client.transaction;
  // close() is synchronous: handing the queue over is enough, since closing $sql commits what it holds.
  client.close = () => {
    send();
    close();
  };

  return {
    later(stmts) {
      queue.push(stmts);
      if (!timer) {
        timer = setTimeout(send, DEFER_MS);
        timer.unref?.();
      }
    },
    send,
    flush,
  };
}
