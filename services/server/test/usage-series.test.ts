// Usage series for the charts: every bucket of the range (hours for 24 h, days otherwise), totals by model and tenant;
// the operator reads any tenant, a tenant admin only their own, a member not at all.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { usageRecords } from "@waule/db/server";
import { manualClock } from "@waule/shared/clock";
import type { UsageSeries } from "@waule/shared/usage-series";
import { adminSession } from "./support/admin";
import { type Stack, startStack } from "./support/stack";

const NOW = Date.UTC(2026, 10, 20, 15, 30);
let stack: Stack;
beforeEach(async () => {
  stack = await startStack({ clock: manualClock(NOW) });
});
afterEach(async () => {
  await stack.stop();
});

let n = 0;
async function billed(tenantId: string, model: string, credits: number, at: number) {
  n += 1;
  await stack.db.insert(usageRecords).values({
    id: `use_series_${n}`,
    tenantId,
    userId: null,
    model,
    operation: "image.generation",
    credits,
    requestId: null,
    metadata: {},
    createdAt: new Date(at),
  });
}

describe("usage series", () => {
  test("the operator's 24 h, 7 d and 30 d ranges have every bucket, and totals by model and by tenant", async () => {
    const a = await stack.createTenant(0, "Alpha");
    const b = await stack.createTenant(0, "Beta");
    await billed(a.tenant.id, "sandbox-image", 10, NOW - 10 * 60_000); // this hour
    await billed(a.tenant.id, "sandbox-chat", 3, NOW - 2 * 3_600_000); // two hours ago
    await billed(b.tenant.id, "sandbox-image", 20, NOW - 3 * 86_400_000); // three days ago
    await billed(b.tenant.id, "sandbox-image", 50, NOW - 40 * 86_400_000); // outside every range
    const operator = await adminSession(stack);
    const get = async (q: string) => {
      const res = await operator.call("GET", `/usage/series${q}`);
      expect(res.status).toBe(200);
      return res.body as UsageSeries;
    };

    const day = await get("?range=24h");
    expect(day.bucket).toBe("hour");
    expect(day.points).toHaveLength(24);
    expect(day.points.at(-1)).toEqual({
      at: new Date(Date.UTC(2026, 10, 20, 15)).toISOString(),
      calls: 1,
      credits: 10,
    });
    expect(day.points.at(-3)?.credits).toBe(3);
    expect(day.points.reduce((s, p) => s + p.credits, 0)).toBe(13);

    const week = await get("?range=7d");
    expect(week.bucket).toBe("day");
    expect(week.points.map((p) => p.credits)).toEqual([0, 0, 0, 20, 0, 0, 13]);
    expect(week.byModel).toEqual([
      { model: "sandbox-image", calls: 2, credits: 30 },
      { model: "sandbox-chat", calls: 1, credits: 3 },
    ]);
    expect(week.byTenant.map((t) => [t.tenantName, t.credits])).toEqual([
      ["Beta", 20],
      ["Alpha", 13],
    ]);
    expect((await get("?range=30d")).points).toHaveLength(30);
    expect((await get(`?range=7d&tenantId=${a.tenant.id}&model=sandbox-chat`)).byModel).toEqual([
      { model: "sandbox-chat", calls: 1, credits: 3 },
    ]);
    expect((await operator.call("GET", "/usage/series?range=1y")).status).toBe(400);
  });

  test("a tenant reads only its own series, whatever tenant it names", async () => {
    const a = await stack.createTenant(0, "Alpha");
    const b = await stack.createTenant(0, "Beta");
    await billed(a.tenant.id, "sandbox-image", 10, NOW - 60_000);
    await billed(b.tenant.id, "sandbox-image", 99, NOW - 60_000);
    const res = await stack.app.request(`/api/v1/tenant/usage/series?range=24h&tenantId=${b.tenant.id}`, {
      headers: { "x-api-key": a.apiKey },
    });
    expect(res.status).toBe(200);
    const series = (await res.json()) as UsageSeries;
    expect(series.byTenant.map((t) => [t.tenantName, t.credits])).toEqual([["Alpha", 10]]);
    expect(series.points.reduce((s, p) => s + p.credits, 0)).toBe(10);
  });
});
