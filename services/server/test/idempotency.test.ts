// Idempotency-Key: a repeat replays the first answer and is charged once; a different body under the key is refused.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { postImages, type Stack, startStack } from "./support/stack";
import { balanceAndLedgerSum } from "./support/temp-db";

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack.stop();
});

const body = { model: "sandbox-image", prompt: "one owl", size: "64x64", seed: 3 };

async function counts(tenantId: string) {
  const holds = await stack.db.$client.execute({
    sql: "SELECT COUNT(*) AS n FROM credit_holds WHERE tenant_id = ?",
    args: [tenantId],
  });
  const usage = await stack.db.$client.execute({
    sql: "SELECT COUNT(*) AS n FROM usage_records WHERE tenant_id = ?",
    args: [tenantId],
  });
  return { holds: Number(holds.rows[0]?.n), usage: Number(usage.rows[0]?.n) };
}

describe("Idempotency-Key", () => {
  test("a repeat returns the same status and body and is charged once", async () => {
    const { tenant, apiKey } = await stack.createTenant(100);
    const first = await postImages(stack, apiKey, body, { "idempotency-key": "order-1" });
    expect(first.status).toBe(200);
    const firstText = await first.text();
    const again = await postImages(stack, apiKey, body, { "idempotency-key": "order-1" });
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.text()).toBe(firstText);
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 90, ledgerSum: 90 });
    expect(await counts(tenant.id)).toEqual({ holds: 1, usage: 1 });
  });

  test("the same key with a different body is a 409 and charges nothing", async () => {
    const { tenant, apiKey } = await stack.createTenant(100);
    expect((await postImages(stack, apiKey, body, { "idempotency-key": "order-2" })).status).toBe(200);
    const other = await postImages(stack, apiKey, { ...body, prompt: "two owls" }, { "idempotency-key": "order-2" });
    expect(other.status).toBe(409);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe("conflict");
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 90, ledgerSum: 90 });
    expect(await counts(tenant.id)).toEqual({ holds: 1, usage: 1 });
  });

  test("parallel requests with one key run once; the others are told it is in progress", async () => {
    const { tenant, apiKey } = await stack.createTenant(100);
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => postImages(stack, apiKey, body, { "idempotency-key": "order-3" })),
    );
    const statuses = responses.map((r) => r.status).sort();
    // Whether a latecomer sees "in progress" or the finished answer depends on timing; either way one charge.
    expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
    const conflicts = await Promise.all(
      responses.filter((r) => r.status === 409).map((r) => r.json() as Promise<{ error: { message: string } }>),
    );
    expect(conflicts.every((c) => c.error.message.includes("in progress"))).toBe(true);
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 90, ledgerSum: 90 });
    expect(await counts(tenant.id)).toEqual({ holds: 1, usage: 1 });
  });

  test("a key is scoped to its tenant: another tenant using the same key is billed for its own request", async () => {
    const a = await stack.createTenant(100, "A");
    const b = await stack.createTenant(100, "B");
    const ra = await postImages(stack, a.apiKey, body, { "idempotency-key": "shared" });
    const rb = await postImages(stack, b.apiKey, body, { "idempotency-key": "shared" });
    expect([ra.status, rb.status]).toEqual([200, 200]);
    expect(rb.headers.get("idempotent-replayed")).toBeNull();
    const [ja, jb] = (await Promise.all([ra.json(), rb.json()])) as { waule: { request_id: string } }[];
    expect(ja!.waule.request_id).not.toBe(jb!.waule.request_id);
    expect((await balanceAndLedgerSum(stack.db, a.tenant.id)).balance).toBe(90);
    expect((await balanceAndLedgerSum(stack.db, b.tenant.id)).balance).toBe(90);
  });

  test("a failed attempt frees its key so a retry can succeed, still charging once", async () => {
    const { tenant, apiKey } = await stack.createTenant(100);
    const refused = await postImages(
      stack,
      apiKey,
      { ...body, model: "no-such-model" },
      { "idempotency-key": "order-4" },
    );
    expect(refused.status).toBe(404);
    const keys = await stack.db.$client.execute("SELECT COUNT(*) AS n FROM idempotency_keys");
    expect(Number(keys.rows[0]?.n)).toBe(0);
    expect((await postImages(stack, apiKey, body, { "idempotency-key": "order-4" })).status).toBe(200);
    expect(
      (await postImages(stack, apiKey, body, { "idempotency-key": "order-4" })).headers.get("idempotent-replayed"),
    ).toBe("true");
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 90, ledgerSum: 90 });
  });
});

describe("Idempotency-Key while the first request is still running", () => {
  test("a repeat during the first call is a 409 'in progress' and the first is still charged once", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inGateway = new Promise<void>((r) => (entered = r));
    await stack.stop();
    stack = await startStack({
      wrapGateway: (real) => ({
        ...real,
        async generateImages(input) {
          entered();
          await gate;
          return real.generateImages(input);
        },
      }),
    });
    const { tenant, apiKey } = await stack.createTenant(100);
    const first = postImages(stack, apiKey, body, { "idempotency-key": "slow-1" });
    await inGateway;
    const repeat = await postImages(stack, apiKey, body, { "idempotency-key": "slow-1" });
    expect(repeat.status).toBe(409);
    expect(((await repeat.json()) as { error: { code: string; message: string } }).error.message).toContain(
      "in progress",
    );
    release();
    expect((await first).status).toBe(200);
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 90, ledgerSum: 90 });
    expect(await counts(tenant.id)).toEqual({ holds: 1, usage: 1 });
  });
});
