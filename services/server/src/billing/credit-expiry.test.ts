// Credit grants on a real libSQL file: expiring credits spent first (earliest expiry first), expired exactly once with
// -min(remaining, balance), whatever the order of purchases, spending and refunds, and with two sweepers at once.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { orders } from "@waule/db/server";
import { randomIds } from "@waule/shared/clock";
import { balanceAndLedgerSum, openTempDb, type TempDb } from "../../test/support/temp-db";
import { createTenant } from "../tenants/tenants";
import { sweepCreditGrants } from "./credit-expiry";
import { adjust, holdCredits, releaseHold, settleHold } from "./ledger";
import { creditPaidOrder } from "./purchase";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 1, 8, 0, 0);
let temp: TempDb;
beforeEach(async () => {
  temp = await openTempDb();
});
afterEach(async () => {
  await temp.close();
});

async function aTenant(credits: number): Promise<string> {
  const { tenant } = await createTenant(
    { db: temp.db, clock: { now: () => T0 - HOUR }, ids: randomIds },
    { name: "Acme", credits },
  );
  return tenant.id;
}

let orderNo = 0;
/** A paid order of `credits` valid `validityDays`, credited at `now`; answers the order id. */
async function buy(tenantId: string, credits: number, validityDays: number | null, now: number): Promise<string> {
  const id = `ord_${++orderNo}`;
  const [row] = await temp.db
    .insert(orders)
    .values({
      id,
      tenantId,
      packageId: "pkg",
      packageName: "Pack",
      provider: "stripe",
      amount: 100,
      currency: "USD",
      credits,
      bonusCredits: 0,
      validityDays,
      createdAt: new Date(now),
      updatedAt: new Date(now),
      expiresAt: new Date(now + HOUR),
    })
    .returning();
  if (!row) throw new Error("no order");
  const out = await creditPaidOrder({ db: temp.db, now }, row, { providerRef: null });
  expect(out.credited).toBe(true);
  return id;
}

let holdNo = 0;
async function hold(tenantId: string, amount: number, now: number): Promise<string> {
  const holdId = `hold_${++holdNo}`;
  await holdCredits({ db: temp.db, now }, { tenantId, holdId, amount, requestId: holdId });
  return holdId;
}
const usage = (id: string) => ({
  id: `use_${id}`,
  userId: null,
  model: "sandbox-image",
  operation: "image",
  requestId: id,
  metadata: {},
});
async function spend(tenantId: string, held: number, charged: number, now: number): Promise<void> {
  const id = await hold(tenantId, held, now);
  expect(await settleHold({ db: temp.db, now: now + 1 }, id, charged, usage(id))).toBe(true);
}
const sweep = (now: number) => sweepCreditGrants({ db: temp.db, now });

async function grants(tenantId: string) {
  const rs = await temp.db.$client.execute({
    sql: "SELECT source_id, remaining, status, expired_amount FROM credit_grants WHERE tenant_id = ? ORDER BY ledger_seq",
    args: [tenantId],
  });
  return rs.rows.map((r) => ({
    order: String(r.source_id),
    remaining: Number(r.remaining),
    status: String(r.status),
    expired: r.expired_amount === null ? null : Number(r.expired_amount),
  }));
}
async function expiryRows(tenantId: string) {
  const rs = await temp.db.$client.execute({
    sql: "SELECT amount, balance_after, request_id FROM credit_ledger WHERE tenant_id = ? AND kind = 'expiry' ORDER BY seq",
    args: [tenantId],
  });
  return rs.rows.map((r) => [Number(r.amount), Number(r.balance_after), String(r.request_id)]);
}
async function expectLedgerMatches(tenantId: string, balance: number) {
  expect(await balanceAndLedgerSum(temp.db, tenantId)).toEqual({ balance, ledgerSum: balance });
}

describe("credit grants", () => {
  test("a package with a validity records one grant when credited, none without a validity, once under fifty credits", async () => {
    const tenant = await aTenant(0);
    const [row] = await temp.db
      .insert(orders)
      .values({
        id: "ord_race",
        tenantId: tenant,
        packageId: "pkg",
        packageName: "Pack",
        provider: "wechat",
        amount: 100,
        currency: "CNY",
        credits: 90,
        bonusCredits: 10,
        validityDays: 30,
        createdAt: new Date(T0),
        updatedAt: new Date(T0),
        expiresAt: new Date(T0 + HOUR),
      })
      .returning();
    if (!row) throw new Error("no order");
    await Promise.all(
      Array.from({ length: 50 }, () => creditPaidOrder({ db: temp.db, now: T0 }, row, { providerRef: null })),
    );
    await buy(tenant, 40, null, T0);
    const rs = await temp.db.$client.execute("SELECT source_id, credits, remaining, expires_at FROM credit_grants");
    expect(rs.rows.map((r) => [r.source_id, Number(r.credits), Number(r.remaining), Number(r.expires_at)])).toEqual([
      ["ord_race", 100, 100, T0 + 30 * DAY],
    ]);
    await expectLedgerMatches(tenant, 140);
  });

  test("spending uses the earliest-expiring grant first, then the next, then lasting credits; leftovers expire once", async () => {
    const tenant = await aTenant(100);
    await buy(tenant, 50, 10, T0); // ord_A: expires T0+10d
    await buy(tenant, 80, 5, T0); // ord_B: expires T0+5d, spent first
    await spend(tenant, 100, 70, T0 + HOUR);
    await sweep(T0 + 2 * HOUR);
    const [a, b] = [`ord_${orderNo - 1}`, `ord_${orderNo}`];
    expect(await grants(tenant)).toEqual([
      { order: a, remaining: 50, status: "live", expired: null },
      { order: b, remaining: 10, status: "live", expired: null },
    ]);
    await spend(tenant, 30, 30, T0 + 3 * HOUR);
    await sweep(T0 + 6 * DAY);
    expect(await grants(tenant)).toEqual([
      { order: a, remaining: 30, status: "live", expired: null },
      { order: b, remaining: 0, status: "spent", expired: null },
    ]);
    expect(await expiryRows(tenant)).toEqual([]);
    await sweep(T0 + 11 * DAY);
    await sweep(T0 + 12 * DAY);
    expect(await grants(tenant)).toEqual([
      { order: a, remaining: 0, status: "expired", expired: 30 },
      { order: b, remaining: 0, status: "spent", expired: null },
    ]);
    // 100 + 50 + 80 - 70 - 30 - 30 expired
    expect(await expiryRows(tenant)).toEqual([[-30, 100, a]]);
    await expectLedgerMatches(tenant, 100);
  });

  test("a refunded call and the unused part of a hold cost the grant nothing", async () => {
    const tenant = await aTenant(100);
    const order = await buy(tenant, 50, 1, T0);
    const refunded = await hold(tenant, 40, T0 + HOUR);
    expect(await releaseHold({ db: temp.db, now: T0 + HOUR + 5 }, refunded)).toBe(true);
    await spend(tenant, 20, 5, T0 + 2 * HOUR);
    await sweep(T0 + 2 * DAY);
    expect(await grants(tenant)).toEqual([{ order, remaining: 0, status: "expired", expired: 45 }]);
    await expectLedgerMatches(tenant, 100 + 50 - 5 - 45);
  });

  test("spending before a purchase, or after its expiry, uses none of its credits", async () => {
    const tenant = await aTenant(100);
    await spend(tenant, 60, 60, T0);
    const order = await buy(tenant, 50, 1, T0 + 60_000);
    // A day and a half later, before any sweep saw the expiry: these credits were no longer the grant's.
    await spend(tenant, 30, 30, T0 + DAY + 12 * HOUR);
    await sweep(T0 + 2 * DAY);
    expect(await grants(tenant)).toEqual([{ order, remaining: 0, status: "expired", expired: 50 }]);
    await expectLedgerMatches(tenant, 100 - 60 + 50 - 30 - 50);
  });

  test("an operator's removal spends the grant first; a grant over the balance takes only the balance", async () => {
    const tenant = await aTenant(0);
    const order = await buy(tenant, 50, 1, T0);
    await adjust({ db: temp.db, now: T0 + HOUR }, tenant, -20, "correction");
    await sweep(T0 + 2 * HOUR);
    expect(await grants(tenant)).toEqual([{ order, remaining: 30, status: "live", expired: null }]);
    // The balance is short of the grant (as if spent where no sweep could see it): expiry never goes below zero.
    await temp.db.$client.execute({
      sql: "UPDATE credit_grants SET remaining = 45 WHERE tenant_id = ?",
      args: [tenant],
    });
    await sweep(T0 + 2 * DAY);
    expect(await grants(tenant)).toEqual([{ order, remaining: 0, status: "expired", expired: 30 }]);
    expect(await expiryRows(tenant)).toEqual([[-30, 0, order]]);
    await expectLedgerMatches(tenant, 0);
  });

  test("a call held before the expiry delays it and, once charged, is spent from the grant", async () => {
    const tenant = await aTenant(100);
    const order = await buy(tenant, 50, 1, T0);
    const running = await hold(tenant, 40, T0 + HOUR);
    await sweep(T0 + 2 * DAY);
    expect(await grants(tenant)).toEqual([{ order, remaining: 50, status: "live", expired: null }]);
    expect(await settleHold({ db: temp.db, now: T0 + 2 * DAY + 5 }, running, 30, usage(running))).toBe(true);
    await sweep(T0 + 2 * DAY + 10);
    expect(await grants(tenant)).toEqual([{ order, remaining: 0, status: "expired", expired: 20 }]);
    await expectLedgerMatches(tenant, 100 + 50 - 30 - 20);
  });

  test("an expiry that leaves the balance below the tenant's threshold queues one balance.low event", async () => {
    const tenant = await aTenant(10);
    await temp.db.$client.execute({
      sql: "UPDATE tenants SET low_balance_threshold = 50 WHERE id = ?",
      args: [tenant],
    });
    await buy(tenant, 100, 1, T0);
    await Promise.all([sweep(T0 + 2 * DAY), sweep(T0 + 2 * DAY)]);
    const events = await temp.db.$client.execute({
      sql: "SELECT type, data FROM tenant_events WHERE tenant_id = ?",
      args: [tenant],
    });
    expect(events.rows.map((r) => [r.type, JSON.parse(String(r.data))])).toEqual([
      ["balance.low", { tenant_id: tenant, balance: 10, threshold: 50 }],
    ]);
    await expectLedgerMatches(tenant, 10);
  });

  test("two sweepers at once allocate every spend once and expire every grant once", async () => {
    const tenants = [await aTenant(100), await aTenant(0), await aTenant(10)];
    const expected: number[] = [];
    for (const [i, tenant] of tenants.entries()) {
      await buy(tenant, 40 + i, 1, T0);
      await buy(tenant, 25, 3, T0 + 1);
      for (let k = 0; k < 6; k++) await spend(tenant, 5 + i, 3 + i, T0 + HOUR + k);
    }
    // Spending, then both sweepers racing over allocation and expiry of the first grants, then of the second.
    await Promise.all([sweep(T0 + 2 * DAY), sweep(T0 + 2 * DAY), sweep(T0 + 2 * DAY)]);
    // A pass pages through every tenant with live grants (the second grants), one page of one at a time here.
    expect((await sweepCreditGrants({ db: temp.db, now: T0 + 2 * DAY }, 1)).tenants).toBe(3);
    for (const [i, tenant] of tenants.entries()) await spend(tenant, 4, 4, T0 + 2 * DAY + 1000 + i);
    await Promise.all([sweep(T0 + 4 * DAY), sweep(T0 + 4 * DAY)]);
    for (const [i, tenant] of tenants.entries()) {
      const spent = 6 * (3 + i);
      const first = 40 + i - spent; // the earliest grant covers the first day's spending
      const second = 25 - 4; // the later one the call after the first expired
      const start = [100, 0, 10][i] ?? 0;
      expected.push(start + 40 + i + 25 - spent - 4 - first - second);
      expect((await expiryRows(tenant)).map((r) => r[0])).toEqual([-first, -second]);
      expect((await grants(tenant)).map((g) => g.expired)).toEqual([first, second]);
      await expectLedgerMatches(tenant, expected[i] ?? -1);
    }
    expect(expected).toEqual([100, 0, 10]);
  });
});
