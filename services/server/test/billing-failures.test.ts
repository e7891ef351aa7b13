// A request the tenant cannot pay for, or one the gateway fails, costs nothing and says why.
import { afterEach, describe, expect, test } from "bun:test";
import { postImages, type Stack, startStack } from "./support/stack";
import { balanceAndLedgerSum, tableCounts } from "./support/temp-db";

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

async function holdsOf(s: Stack, tenantId: string) {
  const rs = await s.db.$client.execute({
    sql: "SELECT status, amount FROM credit_holds WHERE tenant_id = ?",
    args: [tenantId],
  });
  return rs.rows.map((r) => [r.status, Number(r.amount)]);
}
async function ledgerKinds(s: Stack, tenantId: string) {
  const rs = await s.db.$client.execute({
    sql: "SELECT kind, amount FROM credit_ledger WHERE tenant_id = ? ORDER BY seq",
    args: [tenantId],
  });
  return rs.rows.map((r) => [r.kind, Number(r.amount)]);
}

describe("insufficient credits", () => {
  test("402 with nothing written when the balance is short of price × n", async () => {
    stack = await startStack();
    const { tenant, apiKey } = await stack.createTenant(25);
    const before = await tableCounts(stack.db);
    const res = await postImages(stack, apiKey, { model: "sandbox-image", prompt: "three foxes", n: 3, size: "64x64" });
    expect(res.status).toBe(402);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("insufficient_credits");
    expect(body.error.message).toContain("30");
    expect(await tableCounts(stack.db)).toEqual(before);
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 25, ledgerSum: 25 });
  });
});

describe("gateway failures release the hold", () => {
  test("a provider failure (sandbox failure rate 1) refunds the hold and passes the upstream error on", async () => {
    stack = await startStack({ sandboxFailureRate: 1 });
    const { tenant, apiKey } = await stack.createTenant(50);
    const res = await postImages(stack, apiKey, { model: "sandbox-image", prompt: "doomed", n: 2, size: "64x64" });
    expect(res.status).toBeGreaterThanOrEqual(500);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toMatch(/^upstream_/);
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 50, ledgerSum: 50 });
    expect(await holdsOf(stack, tenant.id)).toEqual([["released", 20]]);
    expect(await ledgerKinds(stack, tenant.id)).toEqual([
      ["recharge", 50],
      ["hold", -20],
      ["release", 20],
    ]);
    const usage = await stack.db.$client.execute("SELECT COUNT(*) AS n FROM usage_records");
    expect(Number(usage.rows[0]?.n)).toBe(0);
  });

  test("a gateway that is down (closed port) refunds the hold and answers gateway_unavailable", async () => {
    const probe = Bun.serve({ port: 0, fetch: () => new Response("") });
    const closedUrl = `http://127.0.0.1:${probe.port}`;
    await probe.stop(true);
    stack = await startStack({ gatewayUrl: closedUrl });
    const { tenant, apiKey } = await stack.createTenant(10);
    const res = await postImages(stack, apiKey, { model: "sandbox-image", prompt: "nobody home", size: "64x64" });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("gateway_unavailable");
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 10, ledgerSum: 10 });
    expect(await holdsOf(stack, tenant.id)).toEqual([["released", 10]]);
  });

  test("a gateway that refuses the signature is reported as gateway_unavailable and refunded", async () => {
    stack = await startStack({ serverInternalSecret: "a-different-internal-secret-0123456789" });
    const { tenant, apiKey } = await stack.createTenant(10);
    const res = await postImages(stack, apiKey, { model: "sandbox-image", prompt: "wrong secret", size: "64x64" });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { code: string; message: string } }).error.message).toContain("signature");
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 10, ledgerSum: 10 });
  });
});

describe("partial delivery", () => {
  test("a provider that delivers fewer images than asked is charged only for those delivered", async () => {
    stack = await startStack({
      wrapGateway: (real) => ({
        ...real,
        async generateImages(input) {
          const result = await real.generateImages(input);
          return { ...result, images: result.images.slice(0, 1) };
        },
      }),
    });
    const { tenant, apiKey } = await stack.createTenant(100);
    const res = await postImages(stack, apiKey, { model: "sandbox-image", prompt: "three kites", n: 3, size: "64x64" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: unknown[]; waule: { credits: number } };
    expect([body.data.length, body.waule.credits]).toEqual([1, 10]);
    expect(await ledgerKinds(stack, tenant.id)).toEqual([
      ["recharge", 100],
      ["hold", -30],
      ["settle", 20],
    ]);
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 90, ledgerSum: 90 });
    const usage = await stack.db.$client.execute({
      sql: "SELECT credits FROM usage_records WHERE tenant_id = ?",
      args: [tenant.id],
    });
    expect(usage.rows.map((r) => Number(r.credits))).toEqual([10]);
  });
});
