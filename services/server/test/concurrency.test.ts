// 200 parallel requests against credits for exactly 50 images: 50 succeed, the rest are 402, nothing overdraws.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { postImages, type Stack, startStack } from "./support/stack";
import { balanceAndLedgerSum } from "./support/temp-db";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.stop();
});

describe("concurrent billing", () => {
  test("exactly 50 of 200 parallel image requests succeed for a tenant funded for 50", async () => {
    const price = 10;
    const { tenant, apiKey } = await stack.createTenant(50 * price);
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        postImages(stack, apiKey, { model: "sandbox-image", prompt: `fox ${i}`, size: "64x64" }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBe(50);
    expect(statuses.filter((s) => s === 402).length).toBe(150);
    const refused = await Promise.all(
      responses.filter((r) => r.status === 402).map((r) => r.json() as Promise<{ error: { code: string } }>),
    );
    expect(refused.every((b) => b.error.code === "insufficient_credits")).toBe(true);

    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 0, ledgerSum: 0 });
    const never = await stack.db.$client.execute({
      sql: "SELECT MIN(balance_after) AS m, COUNT(*) AS n FROM credit_ledger WHERE tenant_id = ?",
      args: [tenant.id],
    });
    expect(Number(never.rows[0]?.m)).toBeGreaterThanOrEqual(0);
    // One recharge, then a hold and a settle per successful request; refused requests left no rows.
    expect(Number(never.rows[0]?.n)).toBe(1 + 50 * 2);
    // The CHECK above cannot fail (the schema forbids a negative balance); a lost update among the parallel holds
    // would show here: every row's balance_after must be the running sum of the amounts before and including it.
    const ledger = await stack.db.$client.execute({
      sql: "SELECT amount, balance_after FROM credit_ledger WHERE tenant_id = ? ORDER BY seq",
      args: [tenant.id],
    });
    let running = 0;
    const mismatches = ledger.rows.flatMap((r, i) => {
      running += Number(r.amount);
      return Number(r.balance_after) === running
        ? []
        : [{ row: i, balanceAfter: Number(r.balance_after), runningSum: running }];
    });
    expect(mismatches).toEqual([]);
    expect(running).toBe(0);
    const holds = await stack.db.$client.execute({
      sql: "SELECT status, COUNT(*) AS n FROM credit_holds WHERE tenant_id = ? GROUP BY status",
      args: [tenant.id],
    });
    expect(holds.rows.map((r) => [r.status, Number(r.n)])).toEqual([["settled", 50]]);
    const usage = await stack.db.$client.execute({
      sql: "SELECT COUNT(*) AS n, SUM(credits) AS c FROM usage_records WHERE tenant_id = ?",
      args: [tenant.id],
    });
    expect([Number(usage.rows[0]?.n), Number(usage.rows[0]?.c)]).toEqual([50, 50 * price]);
  });
});
