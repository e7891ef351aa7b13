import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Client, createClient } from "@libsql/client";
import Database from "libsql";
import { openStatements, type Statements } from "./statements";

let dir: string;
let client: Client;
let sql: Statements;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "waule-statements-"));
  const url = `file:${join(dir, "t.db")}`;
  client = createClient({ url });
  await client.execute("PRAGMA journal_mode = WAL");
  await client.execute("CREATE TABLE accounts (id TEXT PRIMARY KEY, credits INTEGER NOT NULL)");
  await client.execute("CREATE TABLE moves (id TEXT PRIMARY KEY, account TEXT NOT NULL, amount INTEGER NOT NULL)");
  await client.execute("INSERT INTO accounts VALUES ('a', 10)");
  sql = openStatements(url, client);
});
afterEach(async () => {
  sql.close();
  client.close();
  await rm(dir, { recursive: true, force: true });
});

/** Takes `amount` from account a and records the move, only if the balance covers it (the ledger's pattern). */
const take = (id: string, amount: number) =>
  sql.write([
    { sql: "UPDATE accounts SET credits = credits - ? WHERE id = 'a' AND credits >= ?", args: [amount, amount] },
    { sql: "INSERT INTO moves (id, account, amount) SELECT ?, 'a', ? WHERE changes() = 1", args: [id, amount] },
    { sql: "SELECT credits FROM accounts WHERE id = 'a'", args: [] },
  ]);

describe("group commit", () => {
  test("concurrent units commit together, each guarded by changes() of its own statement: never overdrawn", async () => {
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => take(`m${i}`, 1)));
    expect(results.filter((r) => r[0]!.rowsAffected === 1)).toHaveLength(10);
    expect(results.filter((r) => r[1]!.rowsAffected === 1)).toHaveLength(10);
    // Read back through the other connection: what the promises reported is committed.
    const balance = await client.execute("SELECT credits FROM accounts");
    const moves = await client.execute("SELECT COUNT(*) AS n FROM moves");
    expect([Number(balance.rows[0]!.credits), Number(moves.rows[0]!.n)]).toEqual([0, 10]);
  });

  test("a failing statement rejects its own unit and undoes the unit's earlier statements; the rest of the group is kept", async () => {
    await take("dup", 1);
    const [first, duplicate, third] = await Promise.allSettled([take("x1", 2), take("dup", 3), take("x3", 4)]);
    expect(first.status).toBe("fulfilled");
    expect(duplicate.status).toBe("rejected");
    expect(third.status).toBe("fulfilled");
    // 10 - 1 - 2 - 4: the duplicate's UPDATE (3 credits) was undone with its unit.
    expect(Number((await client.execute("SELECT credits FROM accounts")).rows[0]!.credits)).toBe(3);
    const ids = (await client.execute("SELECT id FROM moves ORDER BY id")).rows.map((r) => String(r.id));
    expect(ids).toEqual(["dup", "x1", "x3"]);
  });

  test("reads see the latest committed state and reuse their prepared statements", async () => {
    await take("r1", 4);
    expect((await sql.get("SELECT credits FROM accounts WHERE id = ?", ["a"]))?.credits).toBe(6);
    await client.execute("UPDATE accounts SET credits = 42");
    expect((await sql.get("SELECT credits FROM accounts WHERE id = ?", ["a"]))?.credits).toBe(42);
    expect((await sql.all("SELECT id FROM moves", [])).map((r) => r.id)).toEqual(["r1"]);
    expect(await sql.get("SELECT credits FROM accounts WHERE id = ?", ["missing"])).toBeUndefined();
  });

  test("a group of units that need no fsync commits without one; a durable unit in the group makes it fsync", async () => {
    const before = { ...sql.counts };
    const fast = await Promise.all([take("f1", 1), sql.write([{ sql: "SELECT 1 AS one", args: [], first: true }])]);
    expect(sql.counts.commits - before.commits).toBe(1);
    expect(sql.counts.durableCommits - before.durableCommits).toBe(1);
    const quick = (id: string) =>
      sql.write(
        [
          { sql: "UPDATE accounts SET credits = credits - 1 WHERE id = 'a' AND credits >= 1", args: [] },
          { sql: "INSERT INTO moves (id, account, amount) SELECT ?, 'a', 1 WHERE changes() = 1", args: [id] },
        ],
        { durable: false },
      );
    await Promise.all([quick("q1"), quick("q2")]);
    expect(sql.counts.commits - before.commits).toBe(2);
    expect(sql.counts.durableCommits - before.durableCommits).toBe(1);
    // Committed all the same: the other connection sees them.
    expect(Number((await client.execute("SELECT COUNT(*) AS n FROM moves")).rows[0]!.n)).toBe(3);
    await Promise.all([quick("q3"), take("d1", 1)]);
    expect(sql.counts.commits - before.commits).toBe(3);
    expect(sql.counts.durableCommits - before.durableCommits).toBe(2);
    expect(sql.counts.units - before.units).toBe(6);
    expect(fast[1]).toEqual([{ rows: [expect.objectContaining({ one: 1 })], rowsAffected: 0 }]);
  });

  test("each commit runs at the level its units ask for, read back from the connection itself", async () => {
    // A fresh statement each time (the comment makes the text new): SQLite computes a pragma's value when it prepares.
    let reads = 0;
    const level = async () => Number(Object.values((await sql.all(`PRAGMA synchronous -- ${reads++}`, []))[0]!)[0]);
    const FULL = 2;
    const NORMAL = 1;
    // Only durable units, from the start (the gateway's pattern): every commit at FULL.
    await take("d1", 1);
    expect(await level()).toBe(FULL);
    await take("d2", 1);
    expect(await level()).toBe(FULL);
    const quick = (id: string) =>
      sql.write([{ sql: "INSERT INTO moves (id, account, amount) VALUES (?, 'a', 0)", args: [id] }], {
        durable: false,
      });
    await quick("q1");
    expect(await level()).toBe(NORMAL);
    await take("d3", 1);
    expect(await level()).toBe(FULL);
    await quick("q2");
    await quick("q3");
    expect(await level()).toBe(NORMAL);
    await Promise.all([quick("q4"), take("d4", 1)]);
    expect(await level()).toBe(FULL);
  });

  test("an UPDATE … RETURNING read as its first row: the row changed, and changes() seen by the next statement", async () => {
    const spend = (id: string, amount: number) =>
      sql.write([
        {
          sql: "UPDATE accounts SET credits = credits - ? WHERE id = 'a' AND credits >= ? RETURNING credits",
          args: [amount, amount],
          first: true,
        },
        { sql: "INSERT INTO moves (id, account, amount) SELECT ?, 'a', ? WHERE changes() = 1", args: [id, amount] },
      ]);
    const [ok, refused] = await Promise.all([spend("s1", 7), spend("s2", 7)]);
    expect(ok?.[0]?.rows.map((r) => r.credits)).toEqual([3]);
    expect(ok?.[1]?.rowsAffected).toBe(1);
    expect(refused?.[0]?.rows).toEqual([]);
    expect(refused?.[1]?.rowsAffected).toBe(0);
  });

  test("getValues: the first row's values in column order, fresh after a change; undefined for no row; the same through a client", async () => {
    await take("v1", 4);
    const q = "SELECT m.id, m.amount, a.credits FROM moves m JOIN accounts a ON a.id = m.account WHERE m.id = ?";
    expect(await sql.getValues(q, ["v1"])).toEqual(["v1", 4, 6]);
    await client.execute("UPDATE accounts SET credits = 42");
    expect(await sql.getValues(q, ["v1"])).toEqual(["v1", 4, 42]);
    // The object read of the same SQL is its own statement (raw mode is per statement) and still gives objects.
    expect(await sql.get(q, ["v1"])).toMatchObject({ id: "v1", amount: 4, credits: 42 });
    expect(await sql.getValues(q, ["missing"])).toBeUndefined();
    const viaClient = openStatements(":memory:", client);
    expect(await viaClient.getValues(q, ["v1"])).toEqual(["v1", 4, 42]);
    expect(await viaClient.getValues(q, ["missing"])).toBeUndefined();
  });

  test("reads of one turn share a read transaction: each sees what was committed before it was asked, none sees a write queued after it", async () => {
    await take("w0", 1);
    // Committed through the other connection before the reads are asked: every read of the batch sees it.
    await client.execute("UPDATE accounts SET credits = 50");
    const q = "SELECT credits FROM accounts WHERE id = ?";
    const before = sql.counts.sharedReads;
    const batch = Array.from({ length: 20 }, () => sql.getValues(q, ["a"]));
    const asObject = sql.get(q, ["a"]);
    // A bad read rejects alone (one that does not prepare, one that fails as it runs); the rest of its batch answers.
    const outcome = (p: Promise<unknown>) =>
      p.then(
        () => "answered",
        (e: Error) => e.message,
      );
    const bad = outcome(sql.get("SELECT x FROM missing_table", []));
    const failing = outcome(sql.get("SELECT json(?) AS j", ["{not json"]));
    // A write queued after the reads in the same turn: the reads run first and do not see it.
    const write = take("w1", 5);
    expect((await Promise.all(batch)).map((v) => v?.[0])).toEqual(Array(20).fill(50));
    expect((await asObject)?.credits).toBe(50);
    expect(await bad).toContain("no such table");
    expect(await failing).toContain("malformed JSON");
    await write;
    expect(sql.counts.sharedReads - before).toBe(22);
    // Asked after the write resolved: it sees the write.
    expect((await sql.getValues(q, ["a"]))?.[0]).toBe(45);
    // A lone read runs without a shared transaction.
    expect(sql.counts.sharedReads - before).toBe(22);
    // A write queued before reads of the same turn: its flush runs those reads first, as they ran when asked.
    const earlier = take("w2", 5);
    const during = [sql.getValues(q, ["a"]), sql.getValues(q, ["a"])];
    await earlier;
    expect((await Promise.all(during)).map((v) => v?.[0])).toEqual([45, 45]);
    expect((await sql.getValues(q, ["a"]))?.[0]).toBe(40);
  });

  test("units of one statement (no savepoint): a failing one rejects alone, a failing multi-row one leaves none of its rows", async () => {
    const insert = (id: string) =>
      sql.write([{ sql: "INSERT INTO moves (id, account, amount) VALUES (?, 'a', 1)", args: [id] }]);
    await insert("one-dup");
    const results = await Promise.allSettled([
      insert("one-1"),
      insert("one-dup"),
      // Two rows in one statement, the second a duplicate: the statement's first row is undone with it.
      sql.write([
        { sql: "INSERT INTO moves (id, account, amount) VALUES ('one-x', 'a', 1), ('one-dup', 'a', 1)", args: [] },
      ]),
      insert("one-2"),
      take("one-3", 2),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled", "fulfilled"]);
    const ids = (await client.execute("SELECT id FROM moves ORDER BY id")).rows.map((r) => String(r.id));
    expect(ids).toEqual(["one-1", "one-2", "one-3", "one-dup"]);
    expect(Number((await client.execute("SELECT credits FROM accounts")).rows[0]!.credits)).toBe(8);
  });

  test("decided: runs once a unit's statements succeeded, before its commit is written; never for a failed unit", async () => {
    // A third connection reads synchronously inside the callback: what is committed at that moment.
    const peek = new Database(join(dir, "t.db"));
    const committed = () => Number((peek.prepare("SELECT credits FROM accounts").get() as { credits: number }).credits);
    const calls: { id: string; credits: number; committedThen: number }[] = [];
    const take2 = (id: string, amount: number) =>
      sql.write(
        [
          { sql: "UPDATE accounts SET credits = credits - ? WHERE id = 'a' AND credits >= ?", args: [amount, amount] },
          { sql: "INSERT INTO moves (id, account, amount) VALUES (?, 'a', ?)", args: [id, amount] },
          { sql: "SELECT credits FROM accounts WHERE id = 'a'", args: [] },
        ],
        {
          decided: (results) =>
            calls.push({ id, credits: Number(results[2]!.rows[0]!.credits), committedThen: committed() }),
        },
      );
    await take("seen", 1); // 9 left
    const outcomes = await Promise.allSettled([
      take2("d1", 2),
      take2("seen", 3), // a duplicate id: the unit fails, so nothing was decided
      take2("d2", 4),
      sql.write([{ sql: "SELECT 1", args: [] }], {
        decided: () => {
          throw new Error("a callback that throws changes nothing");
        },
      }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
    // Each callback saw its own unit's result while the group was not yet committed (still 9 for the others).
    expect(calls).toEqual([
      { id: "d1", credits: 7, committedThen: 9 },
      { id: "d2", credits: 3, committedThen: 9 },
    ]);
    expect(committed()).toBe(3);
    peek.close();
  });

  test("a statement that ends the whole transaction fails its group with its own error, and nothing is kept", async () => {
    await client.execute(
      "CREATE TRIGGER boom AFTER INSERT ON moves WHEN NEW.id = 'boom' BEGIN SELECT RAISE(ROLLBACK, 'the disk is gone'); END",
    );
    const results = await Promise.allSettled([take("before", 1), take("boom", 1), take("after", 1)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    for (const r of results) expect(String((r as PromiseRejectedResult).reason)).toContain("the disk is gone");
    expect(Number((await client.execute("SELECT credits FROM accounts")).rows[0]!.credits)).toBe(10);
    expect(Number((await client.execute("SELECT COUNT(*) AS n FROM moves")).rows[0]!.n)).toBe(0);
    // The connection is usable again.
    expect((await take("later", 2))[0]!.rowsAffected).toBe(1);
  });
});
