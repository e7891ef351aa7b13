// /admin/api authentication: only an operator's admin-type token passes; tenant credentials never do, and admin tokens never pass the tenant API.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { randomIds } from "@waule/shared/clock";
import { sign } from "hono/jwt";
import { signAdminToken } from "../src/admin/tokens";
import { signTenantUserToken } from "../src/auth/tokens";
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

const get = (path: string, authorization?: string) =>
  stack.app.request(`/admin/api${path}`, { headers: authorization ? { authorization } : {} });

async function expect401(res: Response) {
  expect(res.status).toBe(401);
  expect(((await res.json()) as any).error.code).toBe("unauthorized");
}

describe("admin authentication", () => {
  test("login answers a 12-hour admin token that opens /admin/api, and records the login", async () => {
    const { admin, token } = await adminSession(stack);
    const me = await get("/me", `Bearer ${token}`);
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ id: admin.id, username: "ops", role: "owner" });
    const row = await stack.db.$client.execute({
      sql: "SELECT last_login_at FROM admins WHERE id = ?",
      args: [admin.id],
    });
    expect(row.rows[0]?.last_login_at).not.toBeNull();
  });

  test("a wrong password, an unknown name and a deactivated operator are refused alike", async () => {
    const { admin } = await adminSession(stack);
    const login = (username: string, password: string) =>
      stack.app.request("/admin/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password }),
      });
    await expect401(await login("ops", "wrong-password-xx"));
    await expect401(await login("nobody", ADMIN_PASSWORD));
    await stack.db.$client.execute({ sql: "UPDATE admins SET is_active = 0 WHERE id = ?", args: [admin.id] });
    await expect401(await login("ops", ADMIN_PASSWORD));
  });

  test("no token, a tenant API key, a tenant-user token, a forged, another-typed or expired token: all 401", async () => {
    const { admin, token } = await adminSession(stack);
    const { tenant, apiKey } = await stack.createTenant(10);
    const user = await addTenantUser(
      { db: stack.db, clock: stack.deps.clock, ids: randomIds },
      { tenantId: tenant.id, username: "alice", password: "alice-password" },
    );
    const now = Date.now();
    const tenantToken = (
      await signTenantUserToken(stack.config.JWT_SECRET, { tenantId: tenant.id, userId: user.id, nowMs: now })
    ).token;
    const secret = stack.config.JWT_SECRET;
    const iat = Math.floor(now / 1000);

    await expect401(await get("/tenants"));
    await expect401(await get("/tenants", `Bearer ${apiKey}`));
    await expect401(await get("/tenants", `Bearer ${tenantToken}`));
    // Right id, wrong type; right type, wrong secret; right everything but expired.
    await expect401(
      await get(
        "/tenants",
        `Bearer ${await sign({ adminId: admin.id, type: "tenant_user", iat, exp: iat + 600 }, secret, "HS256")}`,
      ),
    );
    await expect401(
      await get(
        "/tenants",
        `Bearer ${await sign({ adminId: admin.id, type: "admin", iat, exp: iat + 600 }, "another-secret-0123456789abcdef0123", "HS256")}`,
      ),
    );
    const expired = await signAdminToken(secret, { adminId: admin.id, nowMs: now - 13 * 3600_000 });
    await expect401(await get("/tenants", `Bearer ${expired.token}`));
    // The good one still works, so the refusals above are about the credential.
    expect((await get("/tenants", `Bearer ${token}`)).status).toBe(200);
  });

  test("an admin token does not pass the tenant API", async () => {
    const { token } = await adminSession(stack);
    await expect401(await stack.app.request("/api/v1/me", { headers: { authorization: `Bearer ${token}` } }));
  });

  test("repeated failed logins are limited with 429 and Retry-After, even with the right password", async () => {
    await adminSession(stack);
    const login = (password: string) =>
      stack.app.request("/admin/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "ops", password }),
      });
    for (let i = 0; i < stack.config.LOGIN_MAX_FAILURES; i++)
      expect((await login("wrong-password-xx")).status).toBe(401);
    const locked = await login(ADMIN_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.headers.get("retry-after")).toBe(String(stack.config.LOGIN_WINDOW_SECONDS));
  });
});
