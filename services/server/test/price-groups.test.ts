// Price groups through the real server app: operators define and assign them, /models and billing both follow them.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { openServerDb } from "@waule/db/connect";
import { createServerApp } from "../src/app";
import { buildServerDeps } from "../src/build-deps";
import { adminSession } from "./support/admin";
import { postImages, type Stack, startStack } from "./support/stack";
import { balanceAndLedgerSum } from "./support/temp-db";

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack.stop();
});

type Listed = { id: string; waule: { price: number; pricing: Record<string, number> | null } };
async function listed(apiKey: string): Promise<Record<string, Listed["waule"]>> {
  const res = await stack.app.request("/api/v1/models", { headers: { authorization: `Bearer ${apiKey}` } });
  const { data } = (await res.json()) as { data: Listed[] };
  return Object.fromEntries(data.map((m) => [m.id, m.waule]));
}

async function chat(apiKey: string) {
  const res = await stack.app.request("/api/v1/chat/completions", {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "sandbox-chat", messages: [{ role: "user", content: "hello" }], max_tokens: 50 }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    usage: { prompt_tokens: number; completion_tokens: number };
    waule: { credits: number };
  };
}

describe("price groups", () => {
  test("a tenant in a vip group pays ratio × price, an override replaces it; /models lists what billing charges", async () => {
    const { call } = await adminSession(stack);
    const vip = await stack.createTenant(1_000, "Vip");
    const plain = await stack.createTenant(1_000, "Plain");
    expect((await call("POST", "/price-groups", { id: "vip", name: "VIP", ratio: 0.5 })).status).toBe(201);
    expect((await call("PUT", `/tenants/${vip.tenant.id}/price-group`, { priceGroupId: "vip" })).status).toBe(200);

    expect((await listed(vip.apiKey))["sandbox-image"]?.price).toBe(5);
    expect((await listed(plain.apiKey))["sandbox-image"]?.price).toBe(10);
    expect((await postImages(stack, vip.apiKey, { model: "sandbox-image", prompt: "fox", size: "64x64" })).status).toBe(
      200,
    );
    expect(
      (await postImages(stack, plain.apiKey, { model: "sandbox-image", prompt: "fox", size: "64x64" })).status,
    ).toBe(200);
    expect(await balanceAndLedgerSum(stack.db, vip.tenant.id)).toEqual({ balance: 995, ledgerSum: 995 });
    expect(await balanceAndLedgerSum(stack.db, plain.tenant.id)).toEqual({ balance: 990, ledgerSum: 990 });

    const patched = await call("PATCH", "/price-groups/vip", { overrides: { "sandbox-image": { price: 3 } } });
    expect([patched.status, patched.body.tenants]).toEqual([200, 1]);
    expect((await listed(vip.apiKey))["sandbox-image"]?.price).toBe(3);
    await postImages(stack, vip.apiKey, { model: "sandbox-image", prompt: "fox", size: "64x64" });
    expect((await balanceAndLedgerSum(stack.db, vip.tenant.id)).balance).toBe(992);

    // Back on the catalogue's prices.
    expect((await call("PUT", `/tenants/${vip.tenant.id}/price-group`, { priceGroupId: null })).status).toBe(200);
    expect((await listed(vip.apiKey))["sandbox-image"]?.price).toBe(10);
  });

  test("chat input and output are priced apart in a group; the charge follows the listed prices", async () => {
    const { call } = await adminSession(stack);
    const t = await stack.createTenant(100_000, "Chatty");
    await call("POST", "/price-groups", {
      id: "enterprise",
      name: "Enterprise",
      ratio: 1,
      overrides: { "sandbox-chat": { inputPrice: 1000, outputPrice: 3000 } },
    });
    await call("PUT", `/tenants/${t.tenant.id}/price-group`, { priceGroupId: "enterprise" });
    const prices = (await listed(t.apiKey))["sandbox-chat"]?.pricing;
    expect(prices).toMatchObject({ inputPrice: 1000, outputPrice: 3000 });
    const answer = await chat(t.apiKey);
    const expected = answer.usage.prompt_tokens * 1 + answer.usage.completion_tokens * 3;
    expect(answer.usage.completion_tokens).toBeGreaterThan(0);
    expect(answer.waule.credits).toBe(expected);
    expect((await balanceAndLedgerSum(stack.db, t.tenant.id)).balance).toBe(100_000 - expected);
  });

  test("bad input is 400, unknown ids 404, a group with tenants cannot be deleted; nothing written", async () => {
    const { call } = await adminSession(stack);
    const t = await stack.createTenant(0, "T");
    for (const body of [
      { id: "VIP!", name: "x" },
      { id: "a", name: "" },
      { id: "a", name: "A", ratio: 0 },
      { id: "a", name: "A", ratio: -1 },
      { id: "a", name: "A", overrides: { "sandbox-image": {} } },
      { id: "a", name: "A", overrides: { "sandbox-image": { price: -2 } } },
      { id: "a", name: "A", overrides: { "no-such-model": { price: 2 } } },
      { id: "a", name: "A", extra: 1 },
    ]) {
      const res = await call("POST", "/price-groups", body);
      expect([JSON.stringify(body), res.status, res.body.error?.code]).toEqual([
        JSON.stringify(body),
        400,
        "invalid_request",
      ]);
    }
    expect((await call("GET", "/price-groups")).body.data).toEqual([]);
    expect((await call("POST", "/price-groups", { id: "vip", name: "VIP" })).status).toBe(201);
    expect((await call("POST", "/price-groups", { id: "vip", name: "again" })).status).toBe(409);
    expect((await call("PATCH", "/price-groups/nope", { ratio: 2 })).status).toBe(404);
    expect((await call("PATCH", "/price-groups/vip", {})).status).toBe(400);
    expect((await call("PUT", `/tenants/${t.tenant.id}/price-group`, { priceGroupId: "nope" })).status).toBe(404);
    expect((await call("PUT", "/tenants/ten_nope/price-group", { priceGroupId: "vip" })).status).toBe(404);
    expect((await call("PUT", `/tenants/${t.tenant.id}/price-group`, { priceGroupId: "vip" })).status).toBe(200);
    expect((await call("DELETE", "/price-groups/vip")).status).toBe(409);
    expect((await call("PUT", `/tenants/${t.tenant.id}/price-group`, { priceGroupId: null })).status).toBe(200);
    expect((await call("DELETE", "/price-groups/vip")).status).toBe(200);
    expect((await call("DELETE", "/price-groups/vip")).status).toBe(404);
    const audit = await stack.db.$client.execute(
      "SELECT action FROM admin_audit WHERE action LIKE 'price_group.%' OR action = 'tenant.price_group' ORDER BY seq",
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      "price_group.create",
      "tenant.price_group",
      "tenant.price_group",
      "price_group.delete",
    ]);
  });

  test("the settings' default price group prices ungrouped tenants at once, on every instance; grouped ones keep theirs", async () => {
    const { call } = await adminSession(stack);
    const plain = await stack.createTenant(1_000, "Plain");
    const grouped = await stack.createTenant(1_000, "Grouped");
    expect((await call("POST", "/price-groups", { id: "half", name: "Half", ratio: 0.5 })).status).toBe(201);
    expect((await call("POST", "/price-groups", { id: "double", name: "Double", ratio: 2 })).status).toBe(201);
    expect((await call("PUT", `/tenants/${grouped.tenant.id}/price-group`, { priceGroupId: "double" })).status).toBe(
      200,
    );
    // A second instance: its own app and its own connection to the same database.
    const db2 = await openServerDb({ url: stack.dbUrl });
    const other = createServerApp(buildServerDeps({ ...stack.deps, db: db2, limits: undefined, events: undefined }));
    const image = (app: typeof stack.app, apiKey: string) =>
      app.request("/api/v1/images/generations", {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "sandbox-image", prompt: "fox", size: "64x64" }),
      });
    try {
      expect((await image(stack.app, plain.apiKey)).status).toBe(200);
      expect((await balanceAndLedgerSum(stack.db, plain.tenant.id)).balance).toBe(990);

      expect((await call("PATCH", "/settings", { pricing: { defaultPriceGroup: "half" } })).status).toBe(200);
      expect((await listed(plain.apiKey))["sandbox-image"]?.price).toBe(5);
      expect((await image(other, plain.apiKey)).status).toBe(200);
      expect((await image(stack.app, plain.apiKey)).status).toBe(200);
      expect((await image(other, grouped.apiKey)).status).toBe(200);
      expect(await balanceAndLedgerSum(stack.db, plain.tenant.id)).toEqual({ balance: 980, ledgerSum: 980 });
      expect(await balanceAndLedgerSum(stack.db, grouped.tenant.id)).toEqual({ balance: 980, ledgerSum: 980 });

      expect((await call("PATCH", "/settings", { pricing: { defaultPriceGroup: "double" } })).status).toBe(200);
      expect((await image(other, plain.apiKey)).status).toBe(200);
      expect((await balanceAndLedgerSum(stack.db, plain.tenant.id)).balance).toBe(960);
      // Back to the built-in default (no group of that name): the catalogue's prices.
      expect((await call("PATCH", "/settings", { pricing: { defaultPriceGroup: "default" } })).status).toBe(200);
      expect((await image(other, plain.apiKey)).status).toBe(200);
      expect((await balanceAndLedgerSum(stack.db, plain.tenant.id)).balance).toBe(950);
    } finally {
      db2.$client.close();
    }
  });

  test("the default price group must exist, and cannot be deleted while it is the default; nothing written", async () => {
    const { call } = await adminSession(stack);
    const refused = await call("PATCH", "/settings", { pricing: { defaultPriceGroup: "ghost" } });
    expect([refused.status, refused.body.error.code]).toEqual([400, "invalid_request"]);
    expect(refused.body.error.message).toContain("ghost");
    const stored = await stack.db.$client.execute("SELECT COUNT(*) AS n FROM platform_settings");
    expect(Number(stored.rows[0]?.n)).toBe(0);
    expect((await call("POST", "/price-groups", { id: "vip", name: "VIP", ratio: 0.8 })).status).toBe(201);
    expect((await call("PATCH", "/settings", { pricing: { defaultPriceGroup: "vip" } })).status).toBe(200);
    const gone = await call("DELETE", "/price-groups/vip");
    expect([gone.status, gone.body.error.code]).toEqual([409, "conflict"]);
    expect(gone.body.error.message).toContain("default price group");
    expect((await call("GET", "/price-groups")).body.data.map((g: { id: string }) => g.id)).toEqual(["vip"]);
    expect((await call("PATCH", "/settings", { pricing: { defaultPriceGroup: "default" } })).status).toBe(200);
    expect((await call("DELETE", "/price-groups/vip")).status).toBe(200);
  });
});
