// The spent counters behind key quotas and member caps, at the ledger: what a hold adds, what a settle and a release
// give back, and to which period.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { randomIds, systemClock } from "@waule/shared/clock";
import type { AppError } from "@waule/shared/errors";
import { openTempDb, type TempDb } from "../../test/support/temp-db";
import { createTenant } from "../tenants/tenants";
import { addTenantUser } from "../users/users";
import { holdCredits, releaseHold, settleHold } from "./ledger";
import { spendPeriods } from "./spend-limits";

let t: TempDb;
beforeEach(async () => {
  t = await openTempDb();
});
afterEach(async () => {
  await t.close();
});

const NOV = Date.UTC(2026, 10, 30, 23, 50);
const DEC = Date.UTC(2026, 11, 1, 0, 10);
const usage = (id: string) => ({ id, userId: null, model: "m", operation: "op", requestId: null, metadata: {} });

async function setup() {
  const ctx = { db: t.db, clock: systemClock, ids: randomIds };
  const { tenant, apiKeyId } = await createTenant(ctx, { name: "Acme", credits: 1_000 });
  const user = await addTenantUser(ctx, { tenantId: tenant.id, username: "max", password: "correct horse 1" });
  return { tenantId: tenant.id, apiKeyId, userId: user.id };
}

async function counters(apiKeyId: string, userId: string) {
  const k = (await t.db.$client.execute({ sql: "SELECT * FROM tenant_api_keys WHERE id = ?", args: [apiKeyId] }))
    .rows[0];
  const u = (await t.db.$client.execute({ sql: "SELECT * FROM tenant_users WHERE id = ?", args: [userId] })).rows[0];
  return {
    keyTotal: Number(k?.spent_total),
    keyMonth: [k?.spent_month, Number(k?.spent_month_credits)],
    userDay: [u?.spent_day, Number(u?.spent_day_credits)],
    userMonth: [u?.spent_month, Number(u?.spent_month_credits)],
  };
}

test("a hold adds to both counters, a settle gives back the unused part, a release all of it", async () => {
  const { tenantId, apiKeyId, userId } = await setup();
  const spender = { apiKeyId, userId };
  await holdCredits({ db: t.db, now: NOV }, { tenantId, holdId: "h1", amount: 100, requestId: null, spender });
  await holdCredits({ db: t.db, now: NOV }, { tenantId, holdId: "h2", amount: 40, requestId: null, spender });
  expect(await counters(apiKeyId, userId)).toEqual({
    keyTotal: 140,
    keyMonth: ["2026-11", 140],
    userDay: ["2026-11-30", 140],
    userMonth: ["2026-11", 140],
  });
  expect(await settleHold({ db: t.db, now: NOV }, "h1", 30, usage("u1"))).toBe(true);
  expect(await releaseHold({ db: t.db, now: NOV }, "h2")).toBe(true);
  // A repeat close changes nothing, the counters included.
  expect(await releaseHold({ db: t.db, now: NOV }, "h1")).toBe(false);
  expect(await counters(apiKeyId, userId)).toEqual({
    keyTotal: 30,
    keyMonth: ["2026-11", 30],
    userDay: ["2026-11-30", 30],
    userMonth: ["2026-11", 30],
  });
});

test("a hold taken in November and released in December gives nothing back to December", async () => {
  const { tenantId, apiKeyId, userId } = await setup();
  const spender = { apiKeyId, userId };
  await holdCredits({ db: t.db, now: NOV }, { tenantId, holdId: "h1", amount: 100, requestId: null, spender });
  await holdCredits({ db: t.db, now: DEC }, { tenantId, holdId: "h2", amount: 20, requestId: null, spender });
  expect(await releaseHold({ db: t.db, now: DEC }, "h1")).toBe(true);
  expect(await counters(apiKeyId, userId)).toEqual({
    keyTotal: 20,
    keyMonth: ["2026-12", 20],
    userDay: ["2026-12-01", 20],
    userMonth: ["2026-12", 20],
  });
});

test("a refused hold writes nothing and says which limit refused it", async () => {
  const { tenantId, apiKeyId, userId } = await setup();
  await t.db.$client.execute({ sql: "UPDATE tenant_api_keys SET quota_monthly = 50 WHERE id = ?", args: [apiKeyId] });
  await t.db.$client.execute({ sql: "UPDATE tenant_users SET cap_daily = 30 WHERE id = ?", args: [userId] });
  const hold = (amount: number, spender: { apiKeyId: string | null; userId: string | null }) =>
    holdCredits({ db: t.db, now: NOV }, { tenantId, holdId: randomIds.make("h"), amount, requestId: null, spender });
  const err = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: AppError) => [e.code, e.status],
    );
  expect(await err(hold(60, { apiKeyId, userId: null }))).toEqual(["key_quota_exceeded", 402]);
  expect(await err(hold(31, { apiKeyId: null, userId }))).toEqual(["spending_cap_exceeded", 402]);
  expect(await err(hold(2_000, { apiKeyId, userId }))).toEqual(["insufficient_credits", 402]);
  const rows = await t.db.$client.execute({ sql: "SELECT COUNT(*) AS n FROM credit_holds", args: [] });
  expect(Number(rows.rows[0]?.n)).toBe(0);
  expect(await counters(apiKeyId, userId)).toMatchObject({ keyTotal: 0, keyMonth: [null, 0] });
  expect(await err(hold(50, { apiKeyId, userId: null }))).toBeNull();
});

test("spend periods are the UTC day and month of the moment, across day, month and year boundaries", () => {
  const at = (iso: string) => spendPeriods(Date.parse(iso));
  expect(at("2026-11-30T23:59:59.999Z")).toEqual({ day: "2026-11-30", month: "2026-11" });
  expect(at("2026-12-01T00:00:00.000Z")).toEqual({ day: "2026-12-01", month: "2026-12" });
  expect(at("2026-12-01T13:00:00.000Z")).toEqual({ day: "2026-12-01", month: "2026-12" });
  expect(at("2026-12-31T23:59:59.999Z")).toEqual({ day: "2026-12-31", month: "2026-12" });
  expect(at("2027-01-01T00:00:00.001Z")).toEqual({ day: "2027-01-01", month: "2027-01" });
  expect(at("2026-11-30T23:59:59.999Z")).toEqual({ day: "2026-11-30", month: "2026-11" });
  expect(at("1969-12-31T23:00:00.000Z")).toEqual({ day: "1969-12-31", month: "1969-12" });
});
