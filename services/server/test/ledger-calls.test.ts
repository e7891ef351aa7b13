// GET /tenant/ledger/calls: one line per call (hold folded with its settle or release, model and operation named),
// other movements one line each; tenant admins and the operator console read the same lines.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { LedgerCallPage } from "@waule/shared/ledger";
import { holdCredits, recharge, releaseHold } from "../src/billing/ledger";
import { adminSession } from "./support/admin";
import { postImages, type Stack, startStack } from "./support/stack";

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack.stop();
});

async function calls(key: string, query = ""): Promise<LedgerCallPage> {
  const res = await stack.app.request(`/api/v1/tenant/ledger/calls${query}`, { headers: { "x-api-key": key } });
  expect(res.status).toBe(200);
  return (await res.json()) as LedgerCallPage;
}

describe("ledger, one line per call", () => {
  test("after the opening credit, a settled image call, a refunded call and a recharge are three more lines, with the net amount and the model", async () => {
    const t = await stack.createTenant(100);
    const ctx = () => ({ db: stack.db, now: Date.now() });
    expect(
      (await postImages(stack, t.apiKey, { model: "sandbox-image", prompt: "a", size: "64x64", n: 2 })).status,
    ).toBe(200);
    const hold = await holdCredits(ctx(), {
      tenantId: t.tenant.id,
      holdId: "hold_refunded",
      amount: 30,
      requestId: "req_x",
    });
    await releaseHold(ctx(), hold.holdId);
    await recharge(ctx(), t.tenant.id, 50, "invoice 7");

    const page = await calls(t.apiKey);
    expect(page.total).toBe(4);
    const [topUp, refunded, image, opening] = page.data;
    expect(opening).toMatchObject({ amount: 100, held: null, model: null, balanceAfter: 100 });
    expect(topUp).toMatchObject({ kind: "recharge", amount: 50, held: null, note: "invoice 7", balanceAfter: 130 });
    expect(refunded).toMatchObject({ kind: "release", amount: 0, held: 30, balanceAfter: 80 });
    expect(image).toMatchObject({
      kind: "settle",
      amount: -20,
      held: 20,
      model: "sandbox-image",
      operation: "image.generation",
      balanceAfter: 80,
    });
    expect(image?.modelName).toBeTruthy();
    // The raw ledger still has every row: six of them.
    const raw = await stack.app.request("/api/v1/tenant/ledger", { headers: { "x-api-key": t.apiKey } });
    expect(((await raw.json()) as { total: number }).total).toBe(6);
    // Filters: by the line's kind, and pages.
    expect((await calls(t.apiKey, "?kind=settle")).data.map((l) => l.operation)).toEqual(["image.generation"]);
    expect((await calls(t.apiKey, "?limit=1&page=3")).data.map((l) => l.kind)).toEqual(["settle"]);
    expect((await calls(t.apiKey, "?order=asc&limit=1&page=2")).data.map((l) => l.kind)).toEqual(["settle"]);
  });

  test("another tenant's lines are never read, and the operator console reads the same lines", async () => {
    const a = await stack.createTenant(100, "A");
    const b = await stack.createTenant(100, "B");
    expect((await postImages(stack, b.apiKey, { model: "sandbox-image", prompt: "b", size: "64x64" })).status).toBe(
      200,
    );
    expect((await calls(a.apiKey)).data.map((l) => l.operation)).toEqual([null]);
    expect((await calls(b.apiKey)).data.map((l) => l.operation)).toEqual(["image.generation", null]);
    const operator = await adminSession(stack);
    const res = await operator.call("GET", `/tenants/${b.tenant.id}/ledger/calls`);
    expect(res.status).toBe(200);
    expect((res.body as LedgerCallPage).data.map((l) => l.operation)).toEqual(["image.generation", null]);
  });
});

describe("a refunded call's line", () => {
  test.each([false, true])(
    "names the model and operation it was held for, though it has no usage row (stream: %p)",
    async (stream) => {
      const failing = await startStack({ sandboxFailureRate: 1 });
      try {
        const t = await failing.createTenant(100);
        const res = await failing.app.request("/api/v1/chat/completions", {
          method: "POST",
          headers: { authorization: `Bearer ${t.apiKey}`, "content-type": "application/json" },
          body: JSON.stringify({ model: "sandbox-chat", stream, messages: [{ role: "user", content: "hi" }] }),
        });
        expect(res.status).toBeGreaterThanOrEqual(500);
        const usage = await failing.db.$client.execute("SELECT COUNT(*) AS n FROM usage_records");
        expect(Number(usage.rows[0]!.n)).toBe(0);
        const page = await failing.app.request("/api/v1/tenant/ledger/calls", { headers: { "x-api-key": t.apiKey } });
        const [refunded] = ((await page.json()) as LedgerCallPage).data;
        expect(refunded).toMatchObject({
          kind: "release",
          amount: 0,
          model: "sandbox-chat",
          operation: "chat.completion",
          balanceAfter: 100,
        });
        expect(refunded?.modelName).toBe("Sandbox chat");
      } finally {
        await failing.stop();
      }
    },
  );
});
