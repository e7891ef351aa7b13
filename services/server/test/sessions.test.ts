// Sessions end when the credential behind them changes: a tenant user's or operator's token issued before a
// password change/reset, role change or deactivation is refused (401) after it; a fresh login works.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { tenantUsers } from "@waule/db/server";
import { randomIds } from "@waule/shared/clock";
import { eq } from "drizzle-orm";
import { createTenant } from "../src/tenants/tenants";
import { addTenantUser } from "../src/users/users";
import { ADMIN_PASSWORD, adminSession } from "./support/admin";
import { type Stack, startStack } from "./support/stack";

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack.stop();
});

const PASSWORD = "correct horse battery";

function call(credential: string, method: string, path: string, body?: unknown) {
  return stack.app.request(`/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${credential}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function login(apiKey: string, username: string, password = PASSWORD): Promise<string> {
  const res = await stack.app.request("/api/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ apiKey, username, password }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

async function team() {
  const ctx = { db: stack.db, clock: stack.deps.clock, ids: randomIds };
  const created = await createTenant(ctx, { name: "Acme", credits: 100 });
  const admin = await addTenantUser(ctx, {
    tenantId: created.tenant.id,
    username: "ada",
    password: PASSWORD,
    admin: true,
  });
  const member = await addTenantUser(ctx, { tenantId: created.tenant.id, username: "max", password: PASSWORD });
  return { ...created, admin, member };
}

const versionOf = async (userId: string) =>
  (await stack.db.query.tenantUsers.findFirst({ where: eq(tenantUsers.id, userId) }))?.tokenVersion;

describe("tenant-user sessions", () => {
  test("a tenant admin's password reset ends the user's session; a fresh login works", async () => {
    const t = await team();
    const adminToken = await login(t.apiKey, "ada");
    const old = await login(t.apiKey, "max");
    expect((await call(old, "GET", "/me")).status).toBe(200);
    expect(
      (await call(adminToken, "PATCH", `/tenant/users/${t.member.id}`, { password: "fresh-password-9" })).status,
    ).toBe(200);
    expect(await versionOf(t.member.id)).toBe(1);
    const refused = await call(old, "GET", "/me");
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    expect((await call(await login(t.apiKey, "max", "fresh-password-9"), "GET", "/me")).status).toBe(200);
    // A nickname change is not a credential change: the admin's own session and others go on.
    expect((await call(adminToken, "PATCH", `/tenant/users/${t.member.id}`, { nickname: "Max" })).status).toBe(200);
    expect(await versionOf(t.member.id)).toBe(1);
  });

  test("changing one's own password ends older sessions; the answer's token carries the caller on", async () => {
    const t = await team();
    const first = await login(t.apiKey, "max");
    const second = await login(t.apiKey, "max");
    const res = await call(first, "POST", "/me/password", { oldPassword: PASSWORD, newPassword: "brand-new-password" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; token: string };
    expect(body.ok).toBe(true);
    expect((await call(first, "GET", "/me")).status).toBe(401);
    expect((await call(second, "GET", "/me")).status).toBe(401);
    expect((await call(body.token, "GET", "/me")).status).toBe(200);
    expect((await call(await login(t.apiKey, "max", "brand-new-password"), "GET", "/me")).status).toBe(200);
  });

  test("an operator's reset, role change or deactivation ends the user's session; reactivation does not revive it", async () => {
    const t = await team();
    const { call: operator } = await adminSession(stack);
    const path = `/tenants/${t.tenant.id}/users/${t.member.id}`;
    let old = await login(t.apiKey, "max");
    expect((await operator("PATCH", path, { password: "operator-reset-1" })).status).toBe(200);
    expect((await call(old, "GET", "/me")).status).toBe(401);
    old = await login(t.apiKey, "max", "operator-reset-1");
    expect((await operator("PATCH", path, { role: "admin" })).status).toBe(200);
    expect((await call(old, "GET", "/me")).status).toBe(401);
    old = await login(t.apiKey, "max", "operator-reset-1");
    expect((await operator("PATCH", path, { isActive: false })).status).toBe(200);
    expect((await operator("PATCH", path, { isActive: true })).status).toBe(200);
    expect((await call(old, "GET", "/me")).status).toBe(401);
    expect((await call(await login(t.apiKey, "max", "operator-reset-1"), "GET", "/tenant/users")).status).toBe(200);
    expect(await versionOf(t.member.id)).toBe(3);
  });
});

describe("operator sessions", () => {
  async function adminLogin(username: string, password: string): Promise<string> {
    const res = await stack.app.request("/admin/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { token: string }).token;
  }
  const asAdmin = (token: string) =>
    stack.app.request("/admin/api/dashboard", { headers: { authorization: `Bearer ${token}` } });

  test("an owner's reset of an operator ends that operator's session; a fresh login works", async () => {
    const owner = await adminSession(stack);
    const made = await owner.call("POST", "/admins", {
      username: "night-shift",
      password: ADMIN_PASSWORD,
      role: "operator",
    });
    expect(made.status).toBe(201);
    const old = await adminLogin("night-shift", ADMIN_PASSWORD);
    expect((await asAdmin(old)).status).toBe(200);
    expect((await owner.call("PATCH", `/admins/${made.body.id}`, { password: "another-password-42" })).status).toBe(
      200,
    );
    expect((await asAdmin(old)).status).toBe(401);
    expect((await asAdmin(await adminLogin("night-shift", "another-password-42"))).status).toBe(200);
    const renewed = await adminLogin("night-shift", "another-password-42");
    expect((await owner.call("PATCH", `/admins/${made.body.id}`, { role: "owner" })).status).toBe(200);
    expect((await asAdmin(renewed)).status).toBe(401);
    const row = await stack.db.$client.execute({
      sql: "SELECT token_version FROM admins WHERE id = ?",
      args: [made.body.id],
    });
    expect(Number(row.rows[0]?.token_version)).toBe(2);
    // The owner's own session was not touched.
    expect((await asAdmin(owner.token)).status).toBe(200);
  });
});
