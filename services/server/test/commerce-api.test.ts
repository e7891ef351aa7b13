// Packages, orders and settings through the real app: operator CRUD with audit, tenant views, bad input writing nothing.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { randomIds, systemClock } from "@waule/shared/clock";
import { addTenantUser } from "../src/users/users";
import { startFakeStripe } from "./fakes/stripe";
import { auditRows } from "./support/admin";
import { type CommerceStack, commerceStack, PUBLIC_BASE } from "./support/commerce";

let s: CommerceStack;
beforeEach(async () => {
  s = await commerceStack();
});
afterEach(async () => {
  await s.stack.stop();
});

const count = async (table: string) =>
  Number((await s.stack.db.$client.execute(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0]?.n);

test("operators create, edit and delete packages, each audited; tenants see only enabled ones in sort order", async () => {
  const a = await s.addPackage({ name: "Big", price: 9900, credits: 10000, sortOrder: 2, validityDays: 365 });
  const b = await s.addPackage({ name: "Small", price: 990, credits: 1000, sortOrder: 1 });
  const hidden = await s.addPackage({ name: "Hidden", enabled: false });
  const listed = await s.api("GET", "/packages");
  expect(listed.status).toBe(200);
  expect(listed.body.data.map((p: { name: string }) => p.name)).toEqual(["Small", "Big"]);
  expect(listed.body.data[1]).toMatchObject({ currency: "CNY", price: 9900, credits: 10000, validityDays: 365 });
  const patched = await s.ops.call("PATCH", `/packages/${b.id}`, { price: 1290, enabled: false });
  expect(patched.body).toMatchObject({ price: 1290, enabled: false });
  expect((await s.ops.call("DELETE", `/packages/${hidden.id}`)).status).toBe(200);
  expect((await s.ops.call("GET", "/packages")).body.data.map((p: { id: string }) => p.id)).toEqual([b.id, a.id]);
  const audit = (await auditRows(s.stack)).filter((r) => r.targetType === "package").map((r) => r.action);
  expect(audit).toEqual(["package.create", "package.create", "package.create", "package.update", "package.delete"]);
});

test("bad package input answers 400 JSON and writes nothing", async () => {
  const bodies = [
    { name: "x", currency: "EUR", price: 100, credits: 1 },
    { name: "x", currency: "CNY", price: 9.5, credits: 1 },
    { name: "x", currency: "CNY", price: 0, credits: 1 },
    { name: "x", currency: "CNY", price: 100, credits: -1 },
    { name: "", currency: "CNY", price: 100, credits: 1 },
    { name: "x", currency: "CNY", price: 100, credits: 1, extra: true },
  ];
  for (const body of bodies) {
    const r = await s.ops.call("POST", "/packages", body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("invalid_request");
  }
  expect((await s.ops.call("PATCH", "/packages/pkg_missing", { price: 100 })).status).toBe(404);
  expect(await count("recharge_packages")).toBe(0);
  expect((await auditRows(s.stack)).length).toBe(0);
  // A tenant key cannot reach the operator API.
  const r = await s.stack.app.request("/admin/api/packages", {
    headers: { authorization: `Bearer ${s.tenant.apiKey}` },
  });
  expect(r.status).toBe(401);
});

test("orders refuse a disabled provider, a missing or disabled package and a member's token, writing nothing", async () => {
  const pkg = await s.addPackage();
  const off = await s.addPackage({ enabled: false });
  expect((await s.api("POST", "/orders", { package_id: pkg.id, provider: "stripe" })).status).toBe(400);
  const stripe = startFakeStripe();
  try {
    await s.configure({
      payments: { publicBaseUrl: PUBLIC_BASE },
      stripe: {
        enabled: true,
        apiBase: stripe.apiBase,
        secretKey: stripe.secretKey,
        webhookSecret: stripe.webhookSecret,
      },
    });
    expect((await s.api("POST", "/orders", { package_id: off.id, provider: "stripe" })).status).toBe(404);
    expect((await s.api("POST", "/orders", { package_id: "pkg_nope", provider: "stripe" })).status).toBe(404);
    expect((await s.api("POST", "/orders", { package_id: pkg.id, provider: "paypal" })).status).toBe(400);
    expect((await s.api("POST", "/orders", { package_id: pkg.id })).status).toBe(400);
    // Alipay is not enabled and would not take USD anyway.
    const usd = await s.addPackage({ currency: "USD" });
    expect((await s.api("POST", "/orders", { package_id: usd.id, provider: "alipay" })).status).toBe(400);
    const ctx = { db: s.stack.db, clock: systemClock, ids: randomIds };
    await addTenantUser(ctx, { tenantId: s.tenant.tenant.id, username: "max", password: "correct horse battery" });
    const login = await s.stack.app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ apiKey: s.tenant.apiKey, username: "max", password: "correct horse battery" }),
    });
    const { token } = (await login.json()) as { token: string };
    expect((await s.api("POST", "/orders", { package_id: pkg.id, provider: "stripe" }, token)).status).toBe(403);
    expect(await count("orders")).toBe(0);
    expect(stripe.creates.length).toBe(0);
    // Another tenant cannot see an order.
    const mine = await s.api("POST", "/orders", { package_id: pkg.id, provider: "stripe" });
    expect(mine.status).toBe(201);
    const other = await s.stack.createTenant(0, "Other");
    expect((await s.api("GET", `/orders/${mine.body.id}`, undefined, other.apiKey)).status).toBe(404);
    expect((await s.api("GET", "/orders", undefined, other.apiKey)).body.total).toBe(0);
    expect((await s.api("GET", "/orders")).body.total).toBe(1);
  } finally {
    await stripe.close();
  }
});

test("settings: secrets are sealed at rest and answered masked; every change is audited without the secret", async () => {
  expect((await s.ops.call("POST", "/price-groups", { id: "vip", name: "VIP" })).status).toBe(201);
  const secret = "sk_test_supersecret_1234567890";
  const view = await s.configure({
    site: { name: "Acme AI", logoText: "ACME", announcement: "Maintenance at 02:00" },
    stripe: { secretKey: secret, webhookSecret: "whsec_abcdefghijklmnop" },
    limits: { tenantRpm: 42 },
    pricing: { defaultPriceGroup: "vip" },
    features: { midjourney: false },
  });
  expect(view.stripe.secretKey).toBe("********");
  expect(JSON.stringify(view)).not.toContain("supersecret");
  const stored = (await s.stack.db.$client.execute("SELECT value FROM platform_settings")).rows
    .map((r) => String(r.value))
    .join();
  expect(stored).not.toContain("supersecret");
  expect(stored).toContain("v1.");
  const audit = (await auditRows(s.stack)).filter((r) => r.action === "settings.update");
  expect(audit.length).toBe(1);
  expect(audit[0]?.details["stripe.secretKey"]).toBe("(set)");
  expect(JSON.stringify(audit)).not.toContain("supersecret");
  const site = await s.stack.app.request("/api/v1/site");
  expect(await site.json()).toEqual({
    site_name: "Acme AI",
    logo_text: "ACME",
    announcement: "Maintenance at 02:00",
    midjourney: false,
    payment_providers: [],
  });
  const limited = await s.stack.app.request("/api/v1/me", { headers: { authorization: `Bearer ${s.tenant.apiKey}` } });
  expect(limited.headers.get("x-ratelimit-limit")).toBe("42");
});

test("bad settings answer 400 and write nothing: unknown fields, bad URLs, a provider enabled without credentials", async () => {
  const bad = [
    {},
    { site: { name: "" } },
    { site: { color: "red" } },
    { limits: { tenantRpm: -1 } },
    { payments: { publicBaseUrl: "javascript:alert(1)" } },
    { stripe: { apiBase: "file:///etc/passwd" } },
    { stripe: { enabled: true } },
    { wechat: { apiV3Key: "short" } },
    { pricing: { defaultPriceGroup: "has space" } },
  ];
  for (const body of bad) {
    const r = await s.ops.call("PATCH", "/settings", body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("invalid_request");
  }
  expect(await count("platform_settings")).toBe(0);
  expect((await auditRows(s.stack)).length).toBe(0);
  expect((await s.ops.call("GET", "/settings")).body.site.name).toBe("Waule");
});

test("a concurrent-task limit set in settings applies to the next submit, without a restart", async () => {
  await s.stack.db.$client.execute({
    sql: "UPDATE tenants SET credits = 100000 WHERE id = ?",
    args: [s.tenant.tenant.id],
  });
  await s.configure({ limits: { maxConcurrentTasks: 1 } });
  const video = { model: "sandbox-video", prompt: "waves", duration: 2, resolution: "480p" };
  expect((await s.api("POST", "/videos/generations", video)).status).toBe(202);
  const refused = await s.api("POST", "/videos/generations", video);
  expect(refused.status).toBe(429);
  await s.configure({ limits: { maxConcurrentTasks: null } });
  expect((await s.api("POST", "/videos/generations", video)).status).toBe(202);
});
