import { Database } from "bun:sqlite";
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { openServerDb } from "@waule/db/connect";
import { randomIds, systemClock } from "@waule/shared/clock";
import { AppError } from "@waule/shared/errors";
import { balanceAndLedgerSum, openTempDb, type TempDb } from "../../test/support/temp-db";
import { createTenant } from "../tenants/tenants";
import { adjust, changeBalanceWith, holdCredits, recharge, releaseHold, settleHold } from "./ledger";

let t: TempDb;
const ctx = () => ({ db: t.db, now: Date.now() });
async function ledgerRows(tenantId: string) {
  const rs = await t.db.$client.execute({
    sql: "SELECT kind, amount, balance_after, hold_id FROM credit_ledger WHERE tenant_id = ? ORDER BY seq",
    args: [tenantId],
  });
  return rs.rows.map((r) => ({
    kind: r.kind,
    amount: Number(r.amount),
    balanceAfter: Number(r.balance_after),
    holdId: r.hold_id,
  }));
}
let usageSeq = 0;
const usageEntry = (id = `use_${++usageSeq}`) => ({
  id,
  userId: null,
  model: "sandbox-image",
  operation: "image.generation",
  requestId: "req_1",
  metadata: { n: 1 },
});
async function usageRows(tenantId: string) {
  const rs = await t.db.$client.execute({
    sql: "SELECT id, credits, model, operation, request_id, metadata FROM usage_records WHERE tenant_id = ?",
    args: [tenantId],
  });
  return rs.rows.map((r) => ({
    id: r.id,
    credits: Number(r.credits),
    model: r.model,
    operation: r.operation,
    requestId: r.request_id,
    metadata: JSON.parse(String(r.metadata)),
  }));
}
async function tenantWith(credits: number) {
  return (await createTenant({ db: t.db, clock: systemClock, ids: randomIds }, { name: "Acme", credits })).tenant.id;
}

beforeEach(async () => {
  t = await openTempDb();
});
afterEach(async () => {
  await t.close();
});

describe("ledger", () => {
  test("a change's extra statements run in its batch: written with it, skipped when it is refused, and a failing one undoes it", async () => {
    const id = await tenantWith(100);
    const auditCount = async () =>
      Number((await t.db.$client.execute("SELECT COUNT(*) AS n FROM admin_audit")).rows[0]?.n);
    const audit =
      (action: string) =>
      ({
        ledgerSeq,
        ledgerSeqArgs,
        balance,
        balanceArgs,
      }: {
        ledgerSeq: string;
        ledgerSeqArgs: (string | number)[];
        balance: string;
        balanceArgs: (string | number)[];
      }) => [
        {
          sql: `INSERT INTO admin_audit (admin_id, admin_username, action, target_type, target_id, details, created_at)
              SELECT 'adm_1', 'ops', ?, 'tenant', ?, json_object('balance', ${balance}, 'seq', ${ledgerSeq}), 0 WHERE changes() = 1`,
          args: [action, id, ...balanceArgs, ...ledgerSeqArgs],
        },
      ];
    const done = await changeBalanceWith(ctx(), { tenantId: id, kind: "adjust", amount: -40, note: "x" }, audit("ok"));
    expect(done.balance).toBe(60);
    const row = (await t.db.$client.execute("SELECT details FROM admin_audit WHERE action = 'ok'")).rows[0];
    expect(JSON.parse(String(row?.details))).toEqual({ balance: 60, seq: done.ledgerSeq });
    await expect(
      changeBalanceWith(ctx(), { tenantId: id, kind: "adjust", amount: -61, note: "x" }, audit("refused")),
    ).rejects.toMatchObject({ code: "insufficient_credits" });
    expect(await auditCount()).toBe(1);
    // An extra statement that fails (NOT NULL admin_id) rolls the balance change back with it.
    const broken = () => [
      {
        sql: "INSERT INTO admin_audit (admin_id, admin_username, action, target_type, created_at) VALUES (NULL, 'ops', 'x', 'tenant', 0)",
        args: [],
      },
    ];
    await expect(
      changeBalanceWith(ctx(), { tenantId: id, kind: "recharge", amount: 5, note: "x" }, broken),
    ).rejects.toThrow();
    expect(await balanceAndLedgerSum(t.db, id)).toEqual({ balance: 60, ledgerSum: 60 });
    expect(await auditCount()).toBe(1);
  });

  test("a hold takes the credits and writes one hold row with the balance after it", async () => {
    const id = await tenantWith(100);
    const hold = await holdCredits(ctx(), { tenantId: id, holdId: "hold_1", amount: 30, requestId: "req_1" });
    expect(hold.balanceAfter).toBe(70);
    expect(await ledgerRows(id)).toEqual([
      { kind: "recharge", amount: 100, balanceAfter: 100, holdId: null },
      { kind: "hold", amount: -30, balanceAfter: 70, holdId: "hold_1" },
    ]);
    expect(await balanceAndLedgerSum(t.db, id)).toEqual({ balance: 70, ledgerSum: 70 });
  });

  test("a hold larger than the balance is refused with 402 and writes nothing", async () => {
    const id = await tenantWith(20);
    const error = await holdCredits(ctx(), { tenantId: id, holdId: "hold_1", amount: 21, requestId: null }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("insufficient_credits");
    expect((await ledgerRows(id)).length).toBe(1);
    const holds = await t.db.$client.execute("SELECT COUNT(*) AS n FROM credit_holds");
    expect(Number(holds.rows[0]?.n)).toBe(0);
    expect(await balanceAndLedgerSum(t.db, id)).toEqual({ balance: 20, ledgerSum: 20 });
  });

  test("onHeld is called once for a granted hold, before its commit is on disk, and never for a refused one", async () => {
    const id = await tenantWith(50);
    // Another connection, read synchronously inside the callback: the balance committed at that moment.
    const peek = new Database(t.url.slice("file:".length), { readonly: true });
    const committed = () =>
      Number((peek.query("SELECT credits FROM tenants WHERE id = ?").get(id) as { credits: number }).credits);
    const seen: number[] = [];
    const hold = (holdId: string, amount: number) =>
      holdCredits(ctx(), { tenantId: id, holdId, amount, requestId: null, onHeld: () => seen.push(committed()) });
    expect((await hold("hold_ok", 30)).balanceAfter).toBe(20);
    const refused = await hold("hold_too_big", 21).catch((e) => e);
    expect((refused as AppError).code).toBe("insufficient_credits");
    // Granted: called while 50 was still the committed balance. Refused: not called.
    expect(seen).toEqual([50]);
    expect(committed()).toBe(20);
    peek.close();
  });

  test("a granted hold whose low-balance alert cannot be queued still stands, and the tenant stays unalerted", async () => {
    const id = await tenantWith(50);
    await t.db.$client.execute({ sql: "UPDATE tenants SET low_balance_threshold = 40 WHERE id = ?", args: [id] });
    await t.db.$client.execute(
      "CREATE TRIGGER no_events BEFORE INSERT ON tenant_events BEGIN SELECT RAISE(ABORT, 'events table down'); END",
    );
    const hold = await holdCredits(ctx(), { tenantId: id, holdId: "hold_alert", amount: 20, requestId: null });
    expect(hold.balanceAfter).toBe(30);
    const tenant = await t.db.$client.execute({
      sql: "SELECT low_balance_alerted_at FROM tenants WHERE id = ?",
      args: [id],
    });
    expect(tenant.rows[0]?.low_balance_alerted_at).toBeNull();
    expect(await balanceAndLedgerSum(t.db, id)).toEqual({ balance: 30, ledgerSum: 30 });
  });

  test("settling refunds the unused part exactly once", async () => {
    const id = await tenantWith(100);
    await holdCredits(ctx(), { tenantId: id, holdId: "hold_1", amount: 30, requestId: null });
    expect(await settleHold(ctx(), "hold_1", 10, usageEntry())).toBe(true);
    expect(await settleHold(ctx(), "hold_1", 10, usageEntry())).toBe(false);
    expect(await releaseHold(ctx(), "hold_1")).toBe(false);
    expect((await ledgerRows(id)).slice(1)).toEqual([
      { kind: "hold", amount: -30, balanceAfter: 70, holdId: "hold_1" },
      { kind: "settle", amount: 20, balanceAfter: 90, holdId: "hold_1" },
    ]);
    expect(await balanceAndLedgerSum(t.db, id)).toEqual({ balance: 90, ledgerSum: 90 });
  });

  test("a settle writes its usage row in the same batch; a repeat settle writes neither", async () => {
    const id = await tenantWith(100);
    await holdCredits(ctx(), { tenantId: id, holdId: "hold_1", amount: 30, requestId: "req_1" });
    expect(await settleHold(ctx(), "hold_1", 10, usageEntry("use_a"))).toBe(true);
    expect(await settleHold(ctx(), "hold_1", 10, usageEntry("use_b"))).toBe(false);
    expect(await usageRows(id)).toEqual([
      {
        id: "use_a",
        credits: 10,
        model: "sandbox-image",
        operation: "image.generation",
        requestId: "req_1",
        metadata: { n: 1 },
      },
    ]);
    expect((await ledgerRows(id)).map((r) => r.kind)).toEqual(["recharge", "hold", "settle"]);
    expect(await balanceAndLedgerSum(t.db, id)).toEqual({ balance: 90, ledgerSum: 90 });
  });

  test("a usage row that cannot be written rolls the settle back: hold still held, balance and ledger unchanged", async () => {
    const id = await tenantWith(100);
    await holdCredits(ctx(), { tenantId: id, holdId: "hold_1", amount: 30, requestId: "req_1" });
    await holdCredits(ctx(), { tenantId: id, holdId: "hold_2", amount: 5, requestId: "req_2" });
    expect(await settleHold(ctx(), "hold_2", 5, usageEntry("use_taken"))).toBe(true);
    // Same primary key as an existing usage row: the insert fails inside the batch.
    await expect(settleHold(ctx(), "hold_1", 10, usageEntry("use_taken"))).rejects.toThrow();
    const hold = await t.db.$client.execute("SELECT status, settled_amount FROM credit_holds WHERE id = 'hold_1'");
    expect(hold.rows[0]?.status).toBe("held");
    expect(hold.rows[0]?.settled_amount).toBeNull();
    expect((await ledgerRows(id)).map((r) => r.kind)).toEqual(["recharge", "hold", "hold", "settle"]);
    expect(await balanceAndLedgerSum(t.db, id)).toEqual({ balance: 65, ledgerSum: 65 });
    expect((await usageRows(id)).map((r) => r.id)).toEqual(["use_taken"]);
    // The hold can still be closed afterwards, with its own usage row.
    expect(await settleHold(ctx(), "hold_1", 10, usageEntry("use_c"))).toBe(true);
    expect((await usageRows(id)).map((r) => r.id).sort()).toEqual(["use_c", "use_taken"]);
    expect(await balanceAndLedgerSum(t.db, id)).toEqual({ balance: 85, ledgerSum: 85 });
  });

  test("releasing gives the whole hold back, and cannot be repeated or followed by a settle", async () => {
    const id = await tenantWith(50);
    await holdCredits(ctx(), { tenantId: id, holdId: "hold_1", amount: 50, requestId: null });
    expect(await releaseHold(ctx(), "hold_1")).toBe(true);
    expect(await releaseHold(ctx(), "hold_1")).toBe(false);
    expect(await settleHold(ctx(), "hold_1", 50, usageEntry())).toBe(false);
    expect(await usageRows(id)).toEqual([]);
    expect(await balanceAndLedgerSum(t.db, id)).toEqual({ balance: 50, ledgerSum: 50 });
    const hold = await t.db.$client.execute("SELECT status, settled_amount FROM credit_holds WHERE id = 'hold_1'");
    expect(hold.rows[0]?.status).toBe("released");
  });

  test("racing settles and releases of one hold close it once", async () => {
    const id = await tenantWith(100);
    await holdCredits(ctx(), { tenantId: id, holdId: "hold_1", amount: 40, requestId: null });
    const outcomes = await Promise.all([
      ...Array.from({ length: 10 }, () => settleHold(ctx(), "hold_1", 40, usageEntry())),
      ...Array.from({ length: 10 }, () => releaseHold(ctx(), "hold_1")),
    ]);
    expect(outcomes.filter(Boolean).length).toBe(1);
    const { balance, ledgerSum } = await balanceAndLedgerSum(t.db, id);
    expect(balance).toBe(ledgerSum);
    expect([60, 100]).toContain(balance);
    expect((await ledgerRows(id)).length).toBe(3);
    // One usage row exactly when a settle won, none when a release did.
    expect((await usageRows(id)).length).toBe(balance === 60 ? 1 : 0);
  });

  test("cannot settle more than was held", async () => {
    const id = await tenantWith(100);
    await holdCredits(ctx(), { tenantId: id, holdId: "hold_1", amount: 10, requestId: null });
    await expect(settleHold(ctx(), "hold_1", 11, usageEntry())).rejects.toThrow("cannot settle");
    expect(await balanceAndLedgerSum(t.db, id)).toEqual({ balance: 90, ledgerSum: 90 });
  });

  test("recharge and adjust move the balance with a ledger row; an adjustment never makes it negative", async () => {
    const id = await tenantWith(0);
    expect(await recharge(ctx(), id, 25, "invoice 7")).toBe(25);
    expect(await adjust(ctx(), id, -5, "goodwill reversal")).toBe(20);
    await expect(adjust(ctx(), id, -21)).rejects.toMatchObject({ code: "insufficient_credits" });
    await expect(recharge(ctx(), id, -1)).rejects.toMatchObject({ code: "invalid_request" });
    await expect(recharge(ctx(), "tnt_missing", 5)).rejects.toMatchObject({ code: "not_found" });
    const rows = await t.db.$client.execute({
      sql: "SELECT kind, amount, note FROM credit_ledger WHERE tenant_id = ? ORDER BY seq",
      args: [id],
    });
    expect(rows.rows.map((r) => [r.kind, Number(r.amount), r.note])).toEqual([
      ["recharge", 25, "invoice 7"],
      ["adjust", -5, "goodwill reversal"],
    ]);
    expect(await balanceAndLedgerSum(t.db, id)).toEqual({ balance: 20, ledgerSum: 20 });
  });

  test("concurrent holds never overdraw: 100 holds of 1 against 37 credits", async () => {
    const id = await tenantWith(37);
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) =>
        holdCredits(ctx(), { tenantId: id, holdId: `hold_${i}`, amount: 1, requestId: null }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled").length).toBe(37);
    expect(await balanceAndLedgerSum(t.db, id)).toEqual({ balance: 0, ledgerSum: 0 });
    const min = await t.db.$client.execute({
      sql: "SELECT MIN(balance_after) AS m FROM credit_ledger WHERE tenant_id = ?",
      args: [id],
    });
    expect(Number(min.rows[0]?.m)).toBe(0);
  });

  test("two connections to one database file (two server processes) still never overdraw", async () => {
    const id = await tenantWith(25);
    const other = await openServerDb({ url: t.url });
    try {
      const attempts = Array.from({ length: 60 }, (_, i) =>
        holdCredits(
          { db: i % 2 === 0 ? t.db : other, now: Date.now() },
          { tenantId: id, holdId: `hold_${i}`, amount: 1, requestId: null },
        ),
      );
      const results = await Promise.allSettled(attempts);
      expect(results.filter((r) => r.status === "fulfilled").length).toBe(25);
      expect(
        results.every((r) => r.status === "fulfilled" || (r.reason as AppError).code === "insufficient_credits"),
      ).toBe(true);
      expect(await balanceAndLedgerSum(t.db, id)).toEqual({ balance: 0, ledgerSum: 0 });
    } finally {
      other.$client.close();
    }
  });
});
