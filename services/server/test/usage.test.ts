// GET /api/v1/usage: paginated, filterable, newest first, and never another tenant's rows.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { usageRecords } from "@waule/db/server";
import type { UsagePage } from "@waule/shared/account";
import { postImages, type Stack, startStack } from "./support/stack";

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack.stop();
});

const getUsage = async (key: string, query = "") => {
  const res = await stack.app.request(`/api/v1/usage${query}`, { headers: { "x-api-key": key } });
  return { status: res.status, body: (await res.json()) as UsagePage };
};

/** Usage rows at fixed times, so ordering is checked against known createdAt values (inserted directly: the API only reads them). */
async function seedUsage(tenantId: string, rows: { model: string; operation: string; at: number }[]) {
  for (const [i, r] of rows.entries()) {
    await stack.db.insert(usageRecords).values({
      id: `use_seed_${tenantId}_${i}`,
      tenantId,
      userId: null,
      model: r.model,
      operation: r.operation,
      credits: i + 1,
      requestId: `req_${tenantId}_${i}`,
      metadata: { i },
      createdAt: new Date(r.at),
    });
  }
}

describe("GET /api/v1/usage", () => {
  test("a tenant sees only its own rows, never another tenant's", async () => {
    const a = await stack.createTenant(100, "A");
    const b = await stack.createTenant(100, "B");
    expect((await postImages(stack, a.apiKey, { model: "sandbox-image", prompt: "a", size: "64x64" })).status).toBe(
      200,
    );
    expect(
      (await postImages(stack, b.apiKey, { model: "sandbox-image", prompt: "b", size: "64x64", n: 2 })).status,
    ).toBe(200);
    await seedUsage(b.tenant.id, [{ model: "sandbox-chat", operation: "chat.completion", at: Date.UTC(2026, 0, 1) }]);

    const ua = await getUsage(a.apiKey);
    expect(ua.status).toBe(200);
    expect(ua.body.total).toBe(1);
    expect(ua.body.data.map((r) => r.credits)).toEqual([10]);
    // Filters cannot widen the scope either.
    expect((await getUsage(a.apiKey, "?model=sandbox-chat")).body).toMatchObject({ total: 0, data: [] });
    const ub = await getUsage(b.apiKey);
    expect(ub.body.total).toBe(2);
    const aRequest = ua.body.data[0]!.requestId;
    expect(ub.body.data.some((r) => r.requestId === aRequest)).toBe(false);
  });

  test("pages newest first by default, filters by operation and model, and can sort ascending", async () => {
    const t = await stack.createTenant(0);
    const day = (d: number) => Date.UTC(2026, 10, d);
    await seedUsage(t.tenant.id, [
      { model: "sandbox-image", operation: "image.generation", at: day(1) },
      { model: "sandbox-chat", operation: "chat.completion", at: day(2) },
      { model: "sandbox-image", operation: "image.generation", at: day(3) },
      { model: "sandbox-image", operation: "image.generation", at: day(4) },
      { model: "sandbox-tts", operation: "audio.speech", at: day(5) },
    ]);
    const p1 = await getUsage(t.apiKey, "?limit=2");
    expect(p1.body).toMatchObject({ page: 1, limit: 2, total: 5 });
    expect(p1.body.data.map((r) => r.createdAt)).toEqual([
      new Date(day(5)).toISOString(),
      new Date(day(4)).toISOString(),
    ]);
    const p3 = await getUsage(t.apiKey, "?limit=2&page=3");
    expect(p3.body.data.map((r) => r.createdAt)).toEqual([new Date(day(1)).toISOString()]);
    const images = await getUsage(t.apiKey, "?operation=image.generation&order=asc");
    expect(images.body.total).toBe(3);
    expect(images.body.data.map((r) => r.credits)).toEqual([1, 3, 4]);
    expect((await getUsage(t.apiKey, "?model=sandbox-chat")).body.data.map((r) => r.operation)).toEqual([
      "chat.completion",
    ]);
    expect((await getUsage(t.apiKey, "?limit=1000")).status).toBe(400);
  });
});
