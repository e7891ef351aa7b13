// Statements: CSV exports of ledger and usage for a range (streamed, every row once, in order, across page boundaries)
// and the monthly statement, which must reconcile to the ledger to the credit with holds open across the month's edges.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { manualClock } from "@waule/shared/clock";
import { holdCredits, recharge, releaseHold, settleHold } from "../src/billing/ledger";
import { parseCsv } from "../src/http/csv";
import { addTenantUser } from "../src/users/users";
import { adminSession } from "./support/admin";
import { postImages, type Stack, startStack } from "./support/stack";

const NOV = Date.UTC(2026, 10, 1);
const DEC = Date.UTC(2026, 11, 1);
const DAY = 86_400_000;
const clock = manualClock(NOV - 12 * DAY);

let stack: Stack;
beforeEach(async () => {
  clock.set(NOV - 12 * DAY);
  stack = await startStack({ clock });
});
afterEach(async () => {
  await stack.stop();
});

const get = (key: string, path: string) =>
  stack.app.request(`/api/v1/tenant/statements${path}`, { headers: { authorization: `Bearer ${key}` } });

/** The ledger's own answer: the balance after its last row before `at`, and the sum of every amount before it. */
async function ledgerAt(tenantId: string, at: number) {
  const last = await stack.db.$client.execute({
    sql: "SELECT balance_after FROM credit_ledger WHERE tenant_id = ? AND created_at < ? ORDER BY seq DESC LIMIT 1",
    args: [tenantId, at],
  });
  const sum = await stack.db.$client.execute({
    sql: "SELECT COALESCE(SUM(amount), 0) AS n FROM credit_ledger WHERE tenant_id = ? AND created_at < ?",
    args: [tenantId, at],
  });
  return { balanceAfter: Number(last.rows[0]?.balance_after ?? 0), sum: Number(sum.rows[0]?.n) };
}

const usage = (id: string) => ({
  id,
  userId: null,
  model: "manual-model",
  operation: "video",
  requestId: null,
  metadata: {},
});

/** A month with everything: calls, holds open over both edges, a release, a redeem, a recharge and an adjustment. */
async function busyNovember() {
  const { tenant, apiKey } = await stack.createTenant(1000, "Busy");
  const ctx = () => ({ db: stack.db, now: clock.now() });
  clock.set(NOV - 5 * DAY);
  expect((await postImages(stack, apiKey, { model: "sandbox-image", prompt: "october", size: "64x64" })).status).toBe(
    200,
  );
  // Held on 31 October, settled in November: in neither month's usage until its settle.
  clock.set(NOV - 60_000);
  await holdCredits(ctx(), { tenantId: tenant.id, holdId: "hold_edge_start", amount: 80, requestId: null });
  clock.set(NOV + 2 * DAY);
  await settleHold(ctx(), "hold_edge_start", 50, usage("use_edge_start"));
  for (let i = 0; i < 3; i++) {
    clock.advance(DAY);
    expect(
      (await postImages(stack, apiKey, { model: "sandbox-image", prompt: `nov ${i}`, size: "64x64" })).status,
    ).toBe(200);
  }
  clock.advance(DAY);
  await holdCredits(ctx(), { tenantId: tenant.id, holdId: "hold_released", amount: 25, requestId: null });
  await releaseHold(ctx(), "hold_released");
  // Operator tokens last 12 hours: sign in on the day of the work.
  const { call } = await adminSession(stack);
  const code = (await call("POST", "/redemption-codes", { count: 1, credits: 300 })).body.codes[0];
  const redeemed = await stack.app.request("/api/v1/redeem", {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ code }),
  });
  expect(redeemed.status).toBe(200);
  clock.advance(3_600_000);
  expect((await call("POST", `/tenants/${tenant.id}/recharge`, { credits: 500, note: "=invoice 9" })).status).toBe(200);
  expect((await call("POST", `/tenants/${tenant.id}/adjust`, { credits: -70, note: "correction" })).status).toBe(200);
  // Held on 30 November, still open on 1 December.
  clock.set(DEC - 60_000);
  await holdCredits(ctx(), { tenantId: tenant.id, holdId: "hold_edge_end", amount: 40, requestId: null });
  clock.set(DEC + DAY);
  await settleHold(ctx(), "hold_edge_end", 40, usage("use_edge_end"));
  expect((await postImages(stack, apiKey, { model: "sandbox-image", prompt: "december", size: "64x64" })).status).toBe(
    200,
  );
  return { tenant, apiKey, call: (await adminSession(stack, "ops-dec")).call };
}

describe("monthly statement", () => {
  test("opening + every movement == closing == the ledger, with holds open over both edges of the month", async () => {
    const { tenant, apiKey, call } = await busyNovember();
    const res = await get(apiKey, "/monthly?month=2026-11");
    expect(res.status).toBe(200);
    const s = (await res.json()) as any;
    const opening = await ledgerAt(tenant.id, NOV);
    const closing = await ledgerAt(tenant.id, DEC);
    expect(s.opening_balance).toBe(opening.balanceAfter);
    expect(s.opening_balance).toBe(opening.sum);
    expect(s.closing_balance).toBe(closing.balanceAfter);
    expect(s.closing_balance).toBe(closing.sum);
    expect(
      s.opening_balance +
        s.purchases +
        s.recharges +
        s.redeems +
        s.adjustments -
        s.spend.total +
        s.held_at_start -
        s.held_at_end,
    ).toBe(s.closing_balance);
    expect(s).toMatchObject({
      month: "2026-11",
      from: "2026-11-01T00:00:00.000Z",
      to: "2026-12-01T00:00:00.000Z",
      purchases: 0,
      recharges: 500,
      redeems: 300,
      adjustments: -70,
      held_at_start: 80,
      held_at_end: 40,
    });
    // Spend by model is November's usage rows: three images at 10 and the hold settled at 50.
    expect(s.spend.by_model).toEqual([
      { model: "manual-model", operation: "video", calls: 1, credits: 50 },
      { model: "sandbox-image", operation: "image.generation", calls: 3, credits: 30 },
    ]);
    expect(s.spend.total).toBe(80);
    // December opens where November closed; the operator reads the same statement.
    const dec = (await (await get(apiKey, "/monthly?month=2026-12")).json()) as any;
    expect(dec.opening_balance).toBe(s.closing_balance);
    expect(dec.closing_balance).toBe((await ledgerAt(tenant.id, Date.UTC(2027, 0, 1))).sum);
    expect((await call("GET", `/tenants/${tenant.id}/statements/monthly?month=2026-11`)).body).toEqual(s);
  });

  test("bad months and ranges are 400; members are refused; an unknown tenant is 404 for operators", async () => {
    const { tenant, apiKey } = await stack.createTenant(10);
    const { call } = await adminSession(stack);
    for (const path of [
      "/monthly",
      "/monthly?month=2026-13",
      "/monthly?month=26-11",
      "/ledger.csv?from=yesterday",
      "/ledger.csv?from=2026-11-02&to=2026-11-01",
      "/usage.csv?to=2026-02-30T00:00:00Z",
    ]) {
      const res = await get(apiKey, path);
      expect([path, res.status, res.headers.get("content-type")]).toEqual([path, 400, "application/json"]);
    }
    expect((await call("GET", "/tenants/tnt_missing/statements/ledger.csv")).status).toBe(404);
    expect((await call("GET", "/tenants/tnt_missing/statements/monthly?month=2026-11")).status).toBe(404);
    await addTenantUser(
      { db: stack.db, clock, ids: stack.deps.ids },
      { tenantId: tenant.id, username: "moe", password: "member-password-1" },
    );
    const login = await stack.app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ apiKey, username: "moe", password: "member-password-1" }),
    });
    const { token } = (await login.json()) as { token: string };
    expect((await get(token, "/ledger.csv")).status).toBe(403);
    expect((await get(token, "/monthly?month=2026-11")).status).toBe(403);
  });
});

describe("CSV exports", () => {
  test("the ledger and usage of a range, in order, each row once; another tenant's rows never appear", async () => {
    const { tenant, apiKey } = await busyNovember();
    const other = await stack.createTenant(5, "Other");
    const csv = await get(apiKey, "/ledger.csv?from=2026-11-01&to=2026-12-01");
    expect(csv.headers.get("content-disposition")).toBe(`attachment; filename="ledger-${tenant.id}.csv"`);
    const [header, ...rows] = parseCsv(await csv.text());
    expect(header).toEqual(["seq", "created_at", "kind", "amount", "balance_after", "hold_id", "request_id", "note"]);
    const stored = await stack.db.$client.execute({
      sql: "SELECT seq, kind, amount, note FROM credit_ledger WHERE tenant_id = ? AND created_at >= ? AND created_at < ? ORDER BY seq",
      args: [tenant.id, NOV, DEC],
    });
    expect(rows.map((r) => [Number(r[0]), r[2], Number(r[3])])).toEqual(
      stored.rows.map((r) => [Number(r.seq), String(r.kind), Number(r.amount)]),
    );
    expect(rows.find((r) => r[2] === "recharge")?.[7]).toBe("'=invoice 9");
    const movement = rows.reduce((n, r) => n + Number(r[3]), 0);
    expect(movement).toBe((await ledgerAt(tenant.id, DEC)).sum - (await ledgerAt(tenant.id, NOV)).sum);

    const usageRows = parseCsv(await (await get(apiKey, "/usage.csv?from=2026-11-01&to=2026-12-01")).text()).slice(1);
    expect(usageRows.map((r) => [r[3], Number(r[5])])).toEqual([
      ["manual-model", 50],
      ["sandbox-image", 10],
      ["sandbox-image", 10],
      ["sandbox-image", 10],
    ]);
    const all = parseCsv(await (await get(other.apiKey, "/ledger.csv")).text()).slice(1);
    expect(all.map((r) => [r[2], r[3]])).toEqual([["recharge", "5"]]);
    const operator = await stack.app.request(`/admin/api/tenants/${other.tenant.id}/statements/ledger.csv`, {
      headers: { authorization: `Bearer ${(await adminSession(stack, "ops2")).token}` },
    });
    expect(parseCsv(await operator.text()).slice(1)).toEqual(all);
  });

  test("more rows than a page: every one comes through once, in seq order", async () => {
    const { tenant, apiKey } = await stack.createTenant(0, "Many");
    for (let i = 0; i < 1_203; i++) {
      clock.advance(1);
      await recharge({ db: stack.db, now: clock.now() }, tenant.id, 1, `r${i}`);
    }
    const rows = parseCsv(await (await get(apiKey, "/ledger.csv")).text()).slice(1);
    expect(rows).toHaveLength(1_203);
    expect(rows.map((r) => r[7])).toEqual(Array.from({ length: 1_203 }, (_, i) => `r${i}`));
    expect(rows.at(-1)?.[4]).toBe("1203");
  });
});
