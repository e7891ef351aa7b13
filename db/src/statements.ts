// The hot path's SQL: prepared statements kept for reuse on a direct libSQL connection, and a group commit
// that runs the short write batches of concurrent requests in one transaction, each in its own savepoint.
//
// Why: through @libsql/client every statement is prepared anew and every batch is its own transaction, whose
// commit (a WAL write and an fsync) costs far more than the statements in it. Here a unit of statements is as
// atomic as a batch (all or nothing, statements in order, `changes()` sees the statement before it), and its
// promise resolves only after the transaction holding it has committed, so an answer never outruns its rows.
// A remote database (libsql://) has no local connection: there each unit is one `batch` of the client, as before.
import type { Client, InValue } from "@libsql/client";
import Database from "libsql";

export type SqlArg = string | number | null;
export type SqlStmt = {
  sql: string;
  args: SqlArg[];
  /** A query of which only the first row is wanted (its result holds at most one row): read without a row iterator. */
  first?: boolean;
};
export type SqlRow = Record<string, unknown>;
/** What a statement of a unit gave: rows for a query, the changed-row count for a write. */
export type SqlResult = { rows: SqlRow[]; rowsAffected: number };

export type Statements = {
  /** The first row of a query, or undefined. */
  get(sql: string, args: SqlArg[]): Promise<SqlRow | undefined>;
  /**
   * The first row of a query as its values in column order (no object with a property per column: a row of 30
   * columns is read ~6 µs faster), or undefined. For hot reads mapped by position (rows.ts rowAt).
   */
  getValues(sql: string, args: SqlArg[]): Promise<unknown[] | undefined>;
  all(sql: string, args: SqlArg[]): Promise<SqlRow[]>;
  /**
   * Runs the statements in order as one atomic unit (a failing statement undoes the whole unit and rejects it,
   * leaving the other units of its group alone); resolves once the unit is committed (see WriteOptions.durable).
   */
  write(stmts: SqlStmt[], options?: WriteOptions): Promise<SqlResult[]>;
  close(): void;
  /**
   * true when commits go to a file on this machine's disk, whose durability `WriteOptions.durable` chooses; false for
   * a remote database (libsql://), where every committed write is the server's to keep and the option changes nothing.
   */
  readonly local: boolean;
  /** What the group commit has done so far (a remote database counts nothing): commits, fsynced ones, units in them. */
  readonly counts: {
    commits: number;
    durableCommits: number;
    units: number;
    /** Reads that shared a read transaction with others of their turn (get/getValues on a local file). */
    sharedReads: number;
  };
};

export type WriteOptions = {
  /**
   * false: the unit may resolve once its commit is in the WAL, before that commit is fsynced. It survives a crash of
   * the process at once, and a power loss from the next durable commit on (the WAL is one file, replayed as a
   * prefix: that commit's fsync makes every earlier one durable too). Only for a unit whose caller answers nobody
   * before a later durable unit of its own has resolved: a chat call's hold, whose settle or release is durable
   * and comes before the answer. Default true on a `full` connection.
   */
  durable?: boolean;
  /**
   * Called synchronously once the unit's statements have run without error, inside its group's transaction and
   * before that transaction commits: what the unit decided (e.g. that a hold was granted) is settled, and only the
   * writing of the commit is still to come. For starting work that must follow the decision and may overlap that
   * write. The unit still resolves after the commit; should the commit fail, the unit rejects as always and nothing
   * it decided is kept. A throw in the callback is logged and changes nothing. On a remote database it runs after
   * the write returns, just before the unit resolves.
   */
  decided?: (results: SqlResult[]) => void;
};

function tellDecided(decided: WriteOptions["decided"], results: SqlResult[]): void {
  if (!decided) return;
  try {
    decided(results);
  } catch (error) {
    console.error("[db] a unit's decided callback threw", error);
  }
}

/** A group never grows past this many units, so one transaction stays short. */
// libsql's run() with no argument flattens an empty rest array on every call; an empty array binds nothing directly.
const NO_ARGS: SqlArg[] = [];

const MAX_UNITS_PER_COMMIT = 256;

type Read = {
  stmt: Database.Statement;
  args: SqlArg[];
  resolve(row: SqlRow | unknown[] | undefined): void;
  reject(err: unknown): void;
};

type Unit = {
  stmts: SqlStmt[];
  durable: boolean;
  decided: WriteOptions["decided"];
  resolve(results: SqlResult[]): void;
  reject(err: unknown): void;
};

/**
 * How a local connection's commits reach the disk. `full` (SQLite's default): each commit is fsynced before its
 * units are answered. `normal`: in WAL mode a commit survives a crash of the process, but the last ones before a
 * power loss may roll back; only for bookkeeping that is not money (the gateway's seen signatures, key-use
 * counters and request log), never for the ledger.
 */
export type Durability = "full" | "normal";

/** A local file gets its own connection with a statement cache and group commit; anything else goes through `client`. */
export function openStatements(url: string, client: Client, durability: Durability = "full"): Statements {
  const path = url.startsWith("file:") ? url.slice("file:".length) : null;
  if (!path || path === ":memory:" || path.startsWith(":memory:")) return clientStatements(client);
  return localStatements(path, durability);
}

function clientStatements(client: Client): Statements {
  const toResult = (rs: { rows: unknown[]; rowsAffected: number }): SqlResult => ({
    rows: rs.rows as SqlRow[],
    rowsAffected: rs.rowsAffected,
  });
  return {
    async get(sql, args) {
      return (await client.execute({ sql, args: args as InValue[] })).rows[0] as SqlRow | undefined;
    },
    async getValues(sql, args) {
      const row = (await client.execute({ sql, args: args as InValue[] })).rows[0];
      return row ? Array.from(row) : undefined;
    },
    async all(sql, args) {
      return (await client.execute({ sql, args: args as InValue[] })).rows as SqlRow[];
    },
    async write(stmts, options) {
      const results = (await client.batch(stmts as { sql: string; args: InValue[] }[], "write")).map(toResult);
      tellDecided(options?.decided, results);
      return results;
    },
    close() {},
    local: false,
    counts: { commits: 0, durableCommits: 0, units: 0, sharedReads: 0 },
  };
}

function localStatements(path: string, durability: Durability): Statements {
  const db = new Database(path);
  // The client's connection already put the file in WAL mode; these are per connection.
  db.exec("PRAGMA busy_timeout = 10000");
  db.exec("PRAGMA foreign_keys = ON");
  db.exec(`PRAGMA synchronous = ${durability === "normal" ? "NORMAL" : "FULL"}`);
  // `reader` is a native call on every read of it: asked once per statement.
  const cache = new Map<string, { stmt: Database.Statement; reader: boolean }>();
  const cached = (sql: string) => {
    let entry = cache.get(sql);
    if (!entry) {
      const stmt = db.prepare(sql);
      entry = { stmt, reader: stmt.reader };
      cache.set(sql, entry);
    }
    return entry;
  };
  const prepared = (sql: string) => cached(sql).stmt;
  // Raw mode is per statement: the value-array reads have their own prepared copy of the SQL.
  const rawCache = new Map<string, Database.Statement>();
  const preparedRaw = (sql: string) => {
    let stmt = rawCache.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql).raw(true);
      rawCache.set(sql, stmt);
    }
    return stmt;
  };
  const begin = prepared("BEGIN IMMEDIATE");
  const commit = prepared("COMMIT");
  const rollback = prepared("ROLLBACK");
  const savepoint = prepared("SAVEPOINT unit");
  const release = prepared("RELEASE unit");
  const undo = prepared("ROLLBACK TO unit");
  // A group with no durable unit commits without the fsync (synchronous is per connection, switched between groups).
  // Switched with exec, never with a kept prepared statement: SQLite applies `PRAGMA synchronous = X` while it
  // PREPARES the statement, and running a prepared one does nothing the first time (it re-prepares on later runs).
  // Preparing both once at start left every connection at NORMAL until its first switch, and one that never
  // switched (the gateway's, all of whose units are durable) at NORMAL for good. statements.test.ts reads the level.
  let syncing = durability === "full";
  const counts = { commits: 0, durableCommits: 0, units: 0, sharedReads: 0 };
  const syncFor = (durable: boolean) => {
    if (durability !== "full" || durable === syncing) return;
    db.exec(durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
    syncing = durable;
  };

  const runOne = (s: SqlStmt): SqlResult => {
    const { stmt, reader } = cached(s.sql);
    if (!reader) return { rows: [], rowsAffected: stmt.run(s.args).changes };
    if (!s.first) return { rows: stmt.all(s.args) as SqlRow[], rowsAffected: 0 };
    const row = stmt.get(s.args) as SqlRow | undefined;
    return { rows: row ? [row] : [], rowsAffected: 0 };
  };

  let queue: Unit[] = [];
  let scheduled = false;

  // Reads of one event-loop turn share one read transaction. Each read on its own begins and ends a WAL read
  // transaction (its shared-memory locks, a system call each way): ~6 of the ~10 µs a one-row lookup costs. They run
  // once the turn's requests have queued theirs (setImmediate, as the group commit), so every read still starts after
  // its request arrived and sees every commit made before that; a write flush runs the reads queued before it first,
  // so no read sees a write queued after it. A lone read runs without the BEGIN/COMMIT around it.
  const beginRead = prepared("BEGIN");
  let reads: Read[] = [];
  let readsScheduled = false;
  const runRead = (r: Read) => {
    try {
      r.resolve((r.stmt.get(r.args) as SqlRow | unknown[] | undefined) ?? undefined);
    } catch (error) {
      r.reject(error);
    }
  };
  function flushReads() {
    readsScheduled = false;
    const batch = reads;
    reads = [];
    if (batch.length === 0) return;
    if (batch.length === 1) return runRead(batch[0]!);
    let shared = false;
    try {
      beginRead.run(NO_ARGS);
      shared = true;
    } catch {
      // No shared transaction (one is open on this connection?): each read on its own, as without batching.
    }
    for (const r of batch) runRead(r);
    if (!shared) return;
    counts.sharedReads += batch.length;
    try {
      commit.run(NO_ARGS);
    } catch {
      if (db.inTransaction) rollback.run(NO_ARGS);
    }
  }
  const read = <T>(stmt: Database.Statement, args: SqlArg[]) =>
    new Promise<T | undefined>((resolve, reject) => {
      reads.push({ stmt, args, resolve: resolve as Read["resolve"], reject });
      if (!readsScheduled) {
        readsScheduled = true;
        setImmediate(flushReads);
      }
    });

  /** One transaction for every unit queued since the last flush: each in a savepoint, answered after COMMIT. */
  function flush() {
    scheduled = false;
    if (reads.length > 0) flushReads();
    while (queue.length > 0) {
      const units = queue.slice(0, MAX_UNITS_PER_COMMIT);
      queue = queue.slice(units.length);
      const outcomes: ({ ok: true; results: SqlResult[] } | { ok: false; error: unknown })[] = [];
      try {
        syncFor(units.some((unit) => unit.durable));
        begin.run(NO_ARGS);
      } catch (error) {
        for (const unit of units) unit.reject(error);
        continue;
      }
      try {
        for (const unit of units) {
          // A unit of one statement needs no savepoint (two statements fewer, ~3 µs; the gateway's seen signature is
          // one): SQLite undoes a failing statement's own changes itself (the default ABORT; no hot statement says OR
          // FAIL). Should the failure have ended the whole transaction, the group fails as below.
          if (unit.stmts.length === 1) {
            let results: SqlResult[];
            try {
              results = [runOne(unit.stmts[0]!)];
            } catch (error) {
              if (!db.inTransaction) throw error;
              outcomes.push({ ok: false, error });
              continue;
            }
            outcomes.push({ ok: true, results });
            tellDecided(unit.decided, results);
            continue;
          }
          savepoint.run(NO_ARGS);
          try {
            const results = unit.stmts.map(runOne);
            release.run(NO_ARGS);
            outcomes.push({ ok: true, results });
            tellDecided(unit.decided, results);
          } catch (error) {
            // A failure that ended the whole transaction (a RAISE(ROLLBACK), an I/O error) took the savepoint with
            // it: the group fails below, with this error rather than a "no such savepoint" from undoing.
            if (!db.inTransaction) throw error;
            // A failed statement aborts only itself: undo the rest of its unit and go on with the next one.
            undo.run(NO_ARGS);
            release.run(NO_ARGS);
            outcomes.push({ ok: false, error });
          }
        }
      } catch (error) {
        // The transaction itself broke (I/O, a full disk): nothing of this group is kept.
        if (db.inTransaction) rollback.run(NO_ARGS);
        for (const unit of units) unit.reject(error);
        continue;
      }
      try {
        commit.run(NO_ARGS);
        counts.commits++;
        if (syncing) counts.durableCommits++;
        counts.units += units.length;
      } catch (error) {
        if (db.inTransaction) rollback.run(NO_ARGS);
        for (const unit of units) unit.reject(error);
        continue;
      }
      units.forEach((unit, i) => {
        const outcome = outcomes[i]!;
        if (outcome.ok) unit.resolve(outcome.results);
        else unit.reject(outcome.error);
      });
    }
  }

  return {
    // A statement that does not prepare rejects, as the reads always did (never a synchronous throw).
    get(sql, args) {
      try {
        return read<SqlRow>(prepared(sql), args);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    getValues(sql, args) {
      try {
        return read<unknown[]>(preparedRaw(sql), args);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    async all(sql, args) {
      return prepared(sql).all(args) as SqlRow[];
    },
    write(stmts, options) {
      return new Promise<SqlResult[]>((resolve, reject) => {
        queue.push({ stmts, durable: options?.durable !== false, decided: options?.decided, resolve, reject });
        // After this turn's I/O callbacks: the requests that arrived together commit together.
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    close() {
      if (reads.length > 0) flushReads();
      if (queue.length > 0) flush();
      if (db.open) db.close();
    },
    local: true,
    counts,
  };
}
