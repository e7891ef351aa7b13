// Migration 0013 (fewer WAL frames per billed call) on a database that already holds a ledger: every row keeps its
// seq, new rows continue after the largest, and the hot queries use the narrowed indexes.

import { afterEach, expect, test } from "bun:test";
import { openServerDb } from "./connect";
import { type MigratedBefore, openMigratedBefore } from "./migrations-before";

let migrated: MigratedBefore | undefined;
afterEach(async () => {
  await migrated?.remove();
  migrated = undefined;
});

test("0013 keeps every ledger row and hold, numbers new rows after the largest seq and narrows the hot indexes", async () => {
  migrated = await openMigratedBefore("server", "0013_ledger_frames");
  const { client: old, url } = migrated;
  await old.batch([
    "INSERT INTO tenants (id, name, credits, created_at, updated_at) VALUES ('ten_a', 'A', 70, 1, 1)",
    `INSERT INTO credit_holds (id, tenant_id, amount, status, created_at) VALUES
       ('hold_1', 'ten_a', 10, 'settled', 2), ('hold_2', 'ten_a', 20, 'held', 3)`,
    `INSERT INTO credit_ledger (tenant_id, kind, amount, balance_after, hold_id, created_at) VALUES
       ('ten_a', 'recharge', 100, 100, NULL, 1), ('ten_a', 'hold', -10, 90, 'hold_1', 2),
       ('ten_a', 'settle', 0, 90, 'hold_1', 2), ('ten_a', 'hold', -20, 70, 'hold_2', 3)`,
    // A gap before the largest seq, as a rolled-back AUTOINCREMENT insert leaves one.
    "INSERT INTO credit_ledger (seq, tenant_id, kind, amount, balance_after, created_at) VALUES (9, 'ten_a', 'adjust', 0, 70, 4)",
  ]);
  const before = (await old.execute("SELECT * FROM credit_ledger ORDER BY seq")).rows.map((r) => ({ ...r }));
  old.close();

  const db = await openServerDb({ url });
  try {
    const sql = (s: string) => db.$client.execute(s);
    expect((await sql("SELECT * FROM credit_ledger ORDER BY seq")).rows.map((r) => ({ ...r }))).toEqual(before);
    expect((await sql("SELECT id, status FROM credit_holds ORDER BY id")).rows.map((r) => [r.id, r.status])).toEqual([
      ["hold_1", "settled"],
      ["hold_2", "held"],
    ]);
    await sql(
      "INSERT INTO credit_ledger (tenant_id, kind, amount, balance_after, created_at) VALUES ('ten_a', 'adjust', 0, 70, 5)",
    );
    expect(Number((await sql("SELECT MAX(seq) AS s FROM credit_ledger")).rows[0]?.s)).toBe(10);
    // No AUTOINCREMENT: no sqlite_sequence row to rewrite in every commit that adds a ledger row.
    expect((await sql("SELECT sql FROM sqlite_master WHERE name = 'credit_ledger'")).rows[0]?.sql).not.toContain(
      "AUTOINCREMENT",
    );
    const plan = async (s: string) =>
      (await sql(`EXPLAIN QUERY PLAN ${s}`)).rows.map((r) => String(r.detail)).join(" | ");
    expect(
      await plan("SELECT id FROM credit_holds WHERE status = 'held' AND created_at < 10 ORDER BY created_at"),
    ).toContain("credit_holds_open");
    expect(await plan("SELECT seq FROM credit_ledger WHERE hold_id = 'hold_2' AND kind = 'hold'")).toContain(
      "credit_ledger_hold",
    );
    // The narrowed indexes hold only open holds and holds' own rows.
    expect(
      Number(
        (await sql("SELECT COUNT(*) AS n FROM credit_holds INDEXED BY credit_holds_open WHERE status = 'held'")).rows[0]
          ?.n,
      ),
    ).toBe(1);
    expect(
      (
        await sql(
          "SELECT sql FROM sqlite_master WHERE name IN ('credit_holds_open', 'credit_ledger_hold') ORDER BY name",
        )
      ).rows.map((r) => String(r.sql).replace(/.*WHERE /, "")),
    ).toEqual(["status = 'held'", "kind = 'hold'"]);
  } finally {
    db.$client.close();
  }
});
