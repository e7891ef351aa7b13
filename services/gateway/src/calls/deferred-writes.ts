// The gateway's bookkeeping writes that no answer has to wait for: request-log rows, key-use counters, a key's
// healthy reset. They are queued here and written DEFER_MS after the first of them, all as one unit of the group
// commit without an fsync of its own: at c=50 one commit carries dozens of calls' rows. They never ride in a call's own
// commit (its seen signature), which would put every earlier call's rows on that call's path to its answer.
//
// Nothing is lost or reordered where it matters: on this process every read through drizzle (db.$client: the
// management API, the key pool's failure reports, tests) first writes and awaits the queue, so it sees every row
// written before it; close() (a clean shutdown) writes the queue before the database closes. Other gateway
// instances see the rows at most DEFER_MS later. Only a crash can lose them, and they are bookkeeping, not money.
import type { GatewayDb } from "@waule/db/connect";
import type { SqlStmt } from "@waule/db/statements";

/** How long a queued write waits for others to share its commit. */
export const DEFER_MS = 25;

export type DeferredWrites = {
  /** Queues statements; a failure is logged, never thrown (and never takes other queued statements with it). */
  later(stmts: SqlStmt[]): void;
  /**
   * Registers a source of statements built when the queue is sent: for counters that callers sum up in memory
   * between two sends (a key used 40 times is one UPDATE, not 40). Call `wake()` when it has something.
   */
  contribute(drain: () => SqlStmt[]): void;
  /** A contributor has something to write: make sure a send comes within DEFER_MS. */
  wake(): void;
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
  let queue: SqlStmt[] = [];
  const contributors: (() => SqlStmt[])[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const inFlight = new Set<Promise<unknown>>();
  // A database without a local connection (libsql://, :memory:) writes $sql units through client.batch itself:
  // those calls must pass straight through instead of waiting for the very writes they are.
  let sending = false;

  const track = (written: Promise<unknown>) => {
    inFlight.add(written);
    void written.finally(() => inFlight.delete(written));
  };
  const logged = (err: unknown) => console.error("[gateway] a deferred bookkeeping write failed", err);
  /**
   * Everything queued goes as ONE unit: every statement through libSQL has a fixed cost (~15 µs), so a savepoint
   * per row would double what the rows cost. Should that unit fail, each statement is retried alone, so one bad
   * row is dropped (and logged) without the others.
   */
  const handOver = (stmts: SqlStmt[]) => {
    track(
      // Without an fsync of their own: bookkeeping a machine crash may lose (above); a durable write they ride
      // with still makes them durable.
      db.$sql.write(stmts, { durable: false }).then(
        () => undefined,
        async (err: unknown): Promise<void> => {
          if (stmts.length === 1) return logged(err);
          sending = true;
          let retried: Promise<unknown>;
          try {
            retried = Promise.all(stmts.map((stmt) => db.$sql.write([stmt]).catch(logged)));
          } finally {
            sending = false;
          }
          await retried;
        },
      ),
    );
  };
  const send = () => {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    const stmts = queue;
    queue = [];
    for (const drain of contributors) stmts.push(...drain());
    if (stmts.length === 0) return;
    sending = true;
    try {
      handOver(stmts);
    } finally {
      sending = false;
    }
  };
  const wake = () => {
    if (!timer) {
      timer = setTimeout(send, DEFER_MS);
      timer.unref?.();
    }
  };
  const flush = async () => {
    send();
    while (inFlight.size > 0) await Promise.all([...inFlight]);
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
      queue.push(...stmts);
      wake();
    },
    contribute(drain) {
      contributors.push(drain);
    },
    wake,
    flush,
  };
}
