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
export type SqlStmt = { sql: string; args: SqlArg[] };
export type SqlRow = Record<string, unknown>;
/** What a statement of a unit gave: rows for a query, the changed-row count for a write. */
export type SqlResult = { rows: SqlRow[]; rowsAffected: number };

export type Statements = {
  /** The first row of a query, or undefined. */
  get(sql: string, args: SqlArg[]): Promise<SqlRow | undefined>;
  all(sql: string, args: SqlArg[]): Promise<SqlRow[]>;
  /**
   * Runs the statements in order as one atomic unit (a failing statement undoes the whole unit and rejects it,
   * leaving the other units of its group alone); resolves once the unit is committed.
   */
  write(stmts: SqlStmt[]): Promise<SqlResult[]>;
  close(): void;
};

/** A group never grows past this many units, so one transaction stays short. */
const MAX_UNITS_PER_COMMIT = 256;

type Unit = { stmts: SqlStmt[]; resolve(results: SqlResult[]): void; reject(err: unknown): void };

/** A local file gets its own connection with a statement cache and group commit; anything else goes through `client`. */
export function openStatements(url: string, client: Client): Statements {
  const path = url.startsWith("file:") ? url.slice("file:".length) : null;
  if (!path || path === ":memory:" || path.startsWith(":memory:")) return clientStatements(client);
  return localStatements(path);
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
    async all(sql, args) {
      return (await client.execute({ sql, args: args as InValue[] })).rows as SqlRow[];
    },
    async write(stmts) {
      return (await client.batch(stmts as { sql: string; args: InValue[] }[], "write")).map(toResult);
    },
    close() {},
  };
}

function localStatements(path: string): Statements {
  const db = new Database(path);
  // The client's connection already put the file in WAL mode; these are per connection.
  db.exec("PRAGMA busy_timeout = 10000");
  db.exec("PRAGMA foreign_keys = ON");
  const cache = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  };
  const begin = prepared("BEGIN IMMEDIATE");
  const commit = prepared("COMMIT");
  const rollback = prepared("ROLLBACK");
  const savepoint = prepared("SAVEPOINT unit");
  const release = prepared("RELEASE unit");
  const undo = prepared("ROLLBACK TO unit");

  const runOne = (s: SqlStmt): SqlResult => {
    const stmt = prepared(s.sql);
    if (stmt.reader) return { rows: stmt.all(s.args) as SqlRow[], rowsAffected: 0 };
    return { rows: [], rowsAffected: stmt.run(s.args).changes };
  };

  let queue: Unit[] = [];
  let scheduled = false;

  /** One transaction for every unit queued since the last flush: each in a savepoint, answered after COMMIT. */
  function flush() {
    scheduled = false;
    while (queue.length > 0) {
      const units = queue.slice(0, MAX_UNITS_PER_COMMIT);
      queue = queue.slice(units.length);
      const outcomes: ({ ok: true; results: SqlResult[] } | { ok: false; error: unknown })[] = [];
      try {
        begin.run();
      } catch (error) {
        for (const unit of units) unit.reject(error);
        continue;
      }
      try {
        for (const unit of units) {
          savepoint.run();
          try {
            outcomes.push({ ok: true, results: unit.stmts.map(runOne) });
            release.run();
          } catch (error) {
            // A failed statement aborts only itself: undo the rest of its unit and go on with the next one.
            undo.run();
            release.run();
            outcomes.push({ ok: false, error });
          }
        }
      } catch (error) {
        // The transaction itself broke (I/O, a full disk): nothing of this group is kept.
        if (db.inTransaction) rollback.run();
        for (const unit of units) unit.reject(error);
        continue;
      }
      try {
        commit.run();
      } catch (error) {
        if (db.inTransaction) rollback.run();
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
    async get(sql, args) {
      return (prepared(sql).get(args) as SqlRow | undefined) ?? undefined;
    },
    async all(sql, args) {
      return prepared(sql).all(args) as SqlRow[];
    },
    write(stmts) {
      return new Promise<SqlResult[]>((resolve, reject) => {
        queue.push({ stmts, resolve, reject });
        // After this turn's I/O callbacks: the requests that arrived together commit together.
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    close() {
      if (queue.length > 0) flush();
      if (db.open) db.close();
    },
  };
}
