// creditPaidOrder on a real libSQL file: once per order under concurrency, and never for a mismatched amount or currency.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { orders } from "@waule/db/server";
import { randomIds, systemClock } from "@waule/shared/clock";
import { balanceAndLedgerSum, openTempDb, type TempDb } from "../../test/support/temp-db";
import { createTenant } from "../tenants/tenants";
import { creditPaidOrder } from "./purchase";

let temp: TempDb;
beforeEach(async () => {
  temp = await openTempDb();
});
afterEach(async () => {
  await temp.close();
});

async function anOrder(status: "created" | "expired" | "failed" = "created") {
  const { tenant } = await createTenant(
    { db: temp.db, clock: systemClock, ids: randomIds },
    { name: "Acme", credits: 5 },
  );
  const now = new Date();
  const [row] = await temp.db
    .insert(orders)
    .values({
      id: randomIds.make("ord"),
      tenantId: tenant.id,
      packageId: "pkg_1",
      packageName: "Starter",
      provider: "stripe",
      status,
      amount: 990,
      currency: "USD",
      credits: 100,
      bonusCredits: 10,
      createdAt: now,
      updatedAt: now,
      expiresAt: now,
    })
    .returning();
  if (!row) throw new Error("no order");
  return row;
}

test("fifty concurrent credits of one order add its credits and bonus once, with one purchase row", async () => {
  const order = await anOrder();
  const results = await Promise.all(
    Array.from({ length: 50 }, () => creditPaidOrder({ db: temp.db, now: Date.now() }, order, { providerRef: "cs_1" })),
  );
  expect(results.filter((r) => r.credited).length).toBe(1);
  const sums = await balanceAndLedgerSum(temp.db, order.tenantId);
  expect(sums).toEqual({ balance: 115, ledgerSum: 115 });
  const rows = await temp.db.$client.execute(
    "SELECT kind, amount, request_id FROM credit_ledger WHERE kind = 'purchase'",
  );
  expect(rows.rows.map((r) => [r.amount, r.request_id])).toEqual([[110, order.id]]);
  const after = await temp.db.$client.execute({
    sql: "SELECT status, ledger_seq, provider_ref FROM orders WHERE id = ?",
    args: [order.id],
  });
  expect(after.rows[0]).toMatchObject({ status: "credited", provider_ref: "cs_1" });
  expect(after.rows[0]?.ledger_seq).not.toBeNull();
});

test("an amount or currency that differs from the stored order credits nothing, even called directly", async () => {
  const order = await anOrder();
  expect(
    (await creditPaidOrder({ db: temp.db, now: Date.now() }, { ...order, amount: 1 }, { providerRef: null })).credited,
  ).toBe(false);
  expect(
    (await creditPaidOrder({ db: temp.db, now: Date.now() }, { ...order, currency: "CNY" }, { providerRef: null }))
      .credited,
  ).toBe(false);
  expect((await balanceAndLedgerSum(temp.db, order.tenantId)).balance).toBe(5);
});

test("an expired order is credited by a late payment; a failed one is not", async () => {
  const expired = await anOrder("expired");
  expect((await creditPaidOrder({ db: temp.db, now: Date.now() }, expired, { providerRef: null })).credited).toBe(true);
  const failed = await anOrder("failed");
  expect((await creditPaidOrder({ db: temp.db, now: Date.now() }, failed, { providerRef: null })).credited).toBe(false);
  expect((await balanceAndLedgerSum(temp.db, failed.tenantId)).balance).toBe(5);
});
