// Credit expiry through the running server: a package bought with a validity is listed as expiring on
// GET /api/v1/credits/expiring, and the task runner's pass (as main.ts runs it) expires what is left once it is due.
import { afterEach, expect, test } from "bun:test";
import { orders } from "@waule/db/server";
import { manualClock } from "@waule/shared/clock";
import { creditPaidOrder } from "../src/billing/purchase";
import { createTaskRunner } from "../src/tasks";
import { type Stack, startStack } from "./support/stack";
import { balanceAndLedgerSum } from "./support/temp-db";

const DAY = 86_400_000;
let stack: Stack;
afterEach(async () => {
  await stack?.stop();
});

test("the runner's pass expires a package's unused credits when due, once; the tenant sees them until then", async () => {
  const clock = manualClock(Date.UTC(2026, 11, 1, 8));
  stack = await startStack({ clock });
  const { tenant, apiKey } = await stack.createTenant(20);
  const now = clock.now();
  const [order] = await stack.db
    .insert(orders)
    .values({
      id: "ord_month",
      tenantId: tenant.id,
      packageId: "pkg",
      packageName: "Month pass",
      provider: "stripe",
      amount: 990,
      currency: "USD",
      credits: 100,
      bonusCredits: 20,
      validityDays: 30,
      createdAt: new Date(now),
      updatedAt: new Date(now),
      expiresAt: new Date(now + 60_000),
    })
    .returning();
  if (!order) throw new Error("no order");
  expect((await creditPaidOrder({ db: stack.db, now }, order, { providerRef: "cs_1" })).credited).toBe(true);

  const expiring = async () => {
    const res = await stack.app.request("/api/v1/credits/expiring", { headers: { authorization: `Bearer ${apiKey}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { data: { credits: number; remaining: number; expires_at: string }[] }).data;
  };
  expect(await expiring()).toEqual([
    expect.objectContaining({ credits: 120, remaining: 120, expires_at: new Date(now + 30 * DAY).toISOString() }),
  ]);
  const image = await stack.app.request("/api/v1/images/generations", {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "sandbox-image", prompt: "fox", size: "64x64" }),
  });
  expect(image.status).toBe(200);

  const runner = createTaskRunner(stack.deps);
  await runner.tick();
  expect(await expiring()).toEqual([expect.objectContaining({ remaining: 110 })]);
  clock.advance(31 * DAY);
  await runner.tick();
  await runner.tick();
  expect(await expiring()).toEqual([]);
  const rows = await stack.db.$client.execute({
    sql: "SELECT kind, amount, request_id FROM credit_ledger WHERE tenant_id = ? AND kind = 'expiry'",
    args: [tenant.id],
  });
  expect(rows.rows.map((r) => [r.kind, Number(r.amount), r.request_id])).toEqual([["expiry", -110, "ord_month"]]);
  // 20 lasting + 120 bought − 10 spent − 110 expired
  expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 20, ledgerSum: 20 });
});
