// /admin/api models: pricing JSON checked against what the price rules read, price edits billed from the next call,
// and a tenant's own model list enforced on the tenant API before anything is held.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { pricingProblem } from "@waule/shared/admin";
import { seedMidjourneyModel } from "../src/midjourney";
import { adminSession } from "./support/admin";
import { postImages, type Stack, startStack } from "./support/stack";
import { balanceAndLedgerSum, tableCounts } from "./support/temp-db";

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack.stop();
});

describe("admin models", () => {
  test("a price change is what the next billed call costs", async () => {
    const { call } = await adminSession(stack);
    const { tenant, apiKey } = await stack.createTenant(100);
    expect((await postImages(stack, apiKey, { model: "sandbox-image", prompt: "a", size: "256x256" })).status).toBe(
      200,
    );
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 90, ledgerSum: 90 });
    const patched = await call("PATCH", "/models/sandbox-image", { price: 25, displayName: "Sandbox image (new)" });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ price: 25, displayName: "Sandbox image (new)" });
    const res = await postImages(stack, apiKey, { model: "sandbox-image", prompt: "b", size: "256x256" });
    expect(res.status).toBe(200);
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 65, ledgerSum: 65 });
    const usage = await stack.db.$client.execute({
      sql: "SELECT credits FROM usage_records WHERE tenant_id = ? ORDER BY created_at",
      args: [tenant.id],
    });
    expect(usage.rows.map((r) => Number(r.credits))).toEqual([10, 25]);
  });

  test("pricing JSON must fit the capability's price rule; a bad one writes nothing", async () => {
    const { call } = await adminSession(stack);
    const before = await stack.db.$client.execute("SELECT pricing, price FROM models WHERE id = 'sandbox-video'");
    for (const pricing of [{ "4k": 2 }, { "1080p": -1 }, { deadlineSeconds: 1 }]) {
      const res = await call("PATCH", "/models/sandbox-video", { pricing });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("invalid_request");
    }
    expect((await call("PATCH", "/models/sandbox-chat", { pricing: { "1080p": 2 } })).status).toBe(400);
    expect((await call("PATCH", "/models/sandbox-video", { price: -1 })).status).toBe(400);
    expect((await call("PATCH", "/models/sandbox-video", {})).status).toBe(400);
    const after = await stack.db.$client.execute("SELECT pricing, price FROM models WHERE id = 'sandbox-video'");
    expect(after.rows).toEqual(before.rows);
    const ok = await call("PATCH", "/models/sandbox-video", {
      pricing: { "480p": 0.5, "1080p": 2, deadlineSeconds: 600 },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.pricing).toEqual({ "480p": 0.5, "1080p": 2, deadlineSeconds: 600 });
    const created = await call("POST", "/models", {
      id: "bad",
      capability: "image",
      provider: "sandbox",
      upstreamModel: "x",
      displayName: "X",
      priceUnit: "per_image",
      price: 1,
      pricing: { maxTokens: 5 },
    });
    expect(created.status).toBe(400);
    expect((await stack.db.$client.execute("SELECT COUNT(*) AS n FROM models WHERE id = 'bad'")).rows[0]?.n).toBe(0);
  });

  test("a tenant's own model list is enforced: a model outside it is refused with nothing held, and not listed", async () => {
    const { call } = await adminSession(stack);
    const { tenant, apiKey } = await stack.createTenant(100);
    const other = await stack.createTenant(100, "Other");
    const set = await call("PUT", `/tenants/${tenant.id}/models`, { models: ["sandbox-chat", "sandbox-tts"] });
    expect(set.body.models).toEqual(["sandbox-chat", "sandbox-tts"]);
    expect((await call("GET", `/tenants/${tenant.id}`)).body.enabledModels).toEqual(["sandbox-chat", "sandbox-tts"]);
    const before = await tableCounts(stack.db);
    const refused = await postImages(stack, apiKey, { model: "sandbox-image", prompt: "a", size: "256x256" });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as any).error.code).toBe("forbidden");
    expect(await tableCounts(stack.db)).toEqual(before);
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 100, ledgerSum: 100 });
    const listed = await stack.app.request("/api/v1/models", { headers: { authorization: `Bearer ${apiKey}` } });
    expect(((await listed.json()) as any).data.map((m: any) => m.id)).toEqual(["sandbox-chat", "sandbox-tts"]);
    // Another tenant without a list may still call it.
    expect(
      (await postImages(stack, other.apiKey, { model: "sandbox-image", prompt: "a", size: "256x256" })).status,
    ).toBe(200);
    // Unknown ids are refused; an empty list allows everything again.
    expect((await call("PUT", `/tenants/${tenant.id}/models`, { models: ["nope"] })).status).toBe(400);
    expect((await call("PUT", `/tenants/${tenant.id}/models`, { models: [] })).body.models).toEqual([]);
    expect((await postImages(stack, apiKey, { model: "sandbox-image", prompt: "a", size: "256x256" })).status).toBe(
      200,
    );
  });

  test("every seeded model's pricing passes the same check an operator's edit must pass", async () => {
    await seedMidjourneyModel(stack.db, Date.now());
    const rows = await stack.db.query.models.findMany();
    expect(rows.some((m) => m.capability === "midjourney" && m.pricing)).toBe(true);
    for (const m of rows) expect([m.id, pricingProblem(m.capability, m.pricing)]).toEqual([m.id, null]);
  });

  test("the catalogue list shows disabled models too, searchable", async () => {
    const { call } = await adminSession(stack);
    await call("PATCH", "/models/sandbox-video", { enabled: false });
    const all = await call("GET", "/models");
    expect(all.body.data.find((m: any) => m.id === "sandbox-video")).toMatchObject({
      enabled: false,
      price: 5,
      priceUnit: "per_second",
    });
    expect((await call("GET", "/models?q=tts")).body.data.map((m: any) => m.id)).toEqual(["sandbox-tts"]);
  });
});

describe("admin reports", () => {
  test("dashboard, usage by day and tasks read across tenants", async () => {
    // "Today" is the injected clock's UTC day, so the test holds across midnight: the clock starts at noon of a fixed day and moves on in real time.
    const start = Date.parse("2026-03-10T12:00:00.000Z");
    const started = Date.now();
    await stack.stop();
    stack = await startStack({ clock: { now: () => start + (Date.now() - started) } });
    const { call } = await adminSession(stack);
    const a = await stack.createTenant(100, "A");
    const b = await stack.createTenant(50, "B");
    await postImages(stack, a.apiKey, { model: "sandbox-image", prompt: "x", size: "256x256", n: 2 });
    await postImages(stack, b.apiKey, { model: "sandbox-image", prompt: "y", size: "256x256" });
    const dash = await call("GET", "/dashboard");
    expect(dash.body).toMatchObject({
      tenants: 2,
      activeTenants: 2,
      creditsOutstanding: 120,
      today: { calls: 2, credits: 30 },
    });
    expect(dash.body.today.day).toBe("2026-03-10");
    const day = "2026-03-10";
    const usage = await call("GET", `/usage?from=${day}&to=${day}`);
    expect(usage.body.data.map((r: any) => [r.tenantName, r.model, r.calls, r.credits])).toEqual([
      ["A", "sandbox-image", 1, 20],
      ["B", "sandbox-image", 1, 10],
    ]);
    expect(usage.body.totals).toEqual({ calls: 2, credits: 30 });
    expect((await call("GET", `/usage?from=${day}&to=${day}&tenantId=${b.tenant.id}`)).body.totals.credits).toBe(10);
    expect((await call("GET", "/usage?from=2026-02-01&to=2026-01-01")).status).toBe(400);
    const tasks = await call("GET", "/tasks?status=queued");
    expect(tasks.status).toBe(200);
    expect(tasks.body).toMatchObject({ data: [], total: 0 });
  });
});
