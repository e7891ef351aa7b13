// Every way to present a bad credential is a 401 JSON error that writes nothing; good ones reach the API.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { randomIds, systemClock } from "@waule/shared/clock";
import { sign } from "hono/jwt";
import { createApiKey, revokeApiKey } from "../src/api-keys/api-keys";
import { setTenantActive } from "../src/tenants/tenants";
import { addTenantUser } from "../src/users/users";
import { postImages, type Stack, startStack } from "./support/stack";
import { stateSnapshot } from "./support/temp-db";

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack.stop();
});

async function expect401(res: Response) {
  expect(res.status).toBe(401);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("unauthorized");
  expect(body.error.message.length).toBeGreaterThan(0);
}

/** Sends the request and proves it was refused with 401 and left every table and column as it was. */
async function expectRefusedWithoutWrites(headers: Record<string, string>) {
  const before = await stateSnapshot(stack.db);
  await expect401(await stack.app.request("/api/v1/me", { headers }));
  await expect401(await postImages(stack, "", { model: "sandbox-image", prompt: "x" }, headers));
  expect(await stateSnapshot(stack.db)).toBe(before);
}

describe("API key authentication", () => {
  test("a missing credential is refused", async () => {
    await stack.createTenant(100);
    const before = await stateSnapshot(stack.db);
    await expect401(await stack.app.request("/api/v1/me"));
    await expect401(await stack.app.request("/api/v1/images/generations", { method: "POST", body: "{}" }));
    expect(await stateSnapshot(stack.db)).toBe(before);
  });

  test("malformed credentials are refused", async () => {
    const { apiKey } = await stack.createTenant(100);
    await expectRefusedWithoutWrites({ authorization: "Basic abc" });
    await expectRefusedWithoutWrites({ authorization: `Bearer ${apiKey.slice(0, -1)}` });
    await expectRefusedWithoutWrites({ authorization: `Bearer ${apiKey}!` });
    await expectRefusedWithoutWrites({ "x-api-key": "wk_live_short" });
  });

  test("an unknown well-formed key is refused", async () => {
    await stack.createTenant(100);
    await expectRefusedWithoutWrites({ authorization: `Bearer wk_live_${"A".repeat(32)}` });
  });

  test("a revoked key stops working at once while the tenant's other keys still work", async () => {
    const { tenant, apiKey, apiKeyId } = await stack.createTenant(100);
    const other = await createApiKey({ db: stack.db, clock: systemClock, ids: randomIds }, tenant.id, "second");
    expect((await stack.app.request("/api/v1/me", { headers: { "x-api-key": apiKey } })).status).toBe(200);
    expect(await revokeApiKey({ db: stack.db, clock: systemClock }, apiKeyId)).toBe(true);
    await expectRefusedWithoutWrites({ authorization: `Bearer ${apiKey}` });
    await expectRefusedWithoutWrites({ "x-api-key": apiKey });
    const me = await stack.app.request("/api/v1/me", { headers: { authorization: `Bearer ${other.key}` } });
    expect(me.status).toBe(200);
  });

  test("an inactive tenant's keys are refused", async () => {
    const { tenant, apiKey } = await stack.createTenant(100);
    await setTenantActive({ db: stack.db, clock: systemClock }, tenant.id, false);
    await expectRefusedWithoutWrites({ "x-api-key": apiKey });
  });

  test("a good key answers /me and records when it was last used", async () => {
    const { tenant, apiKey, apiKeyId } = await stack.createTenant(42, "Globex");
    const res = await stack.app.request("/api/v1/me", { headers: { authorization: `Bearer ${apiKey}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      tenant: { id: tenant.id, name: "Globex", credits: 42, lowBalanceThreshold: null },
      user: null,
      auth: "api_key",
    });
    const row = await stack.db.$client.execute({
      sql: "SELECT last_used_at, key_hash, prefix FROM tenant_api_keys WHERE id = ?",
      args: [apiKeyId],
    });
    expect(row.rows[0]?.last_used_at).not.toBeNull();
    // Only the hash and a short prefix are stored, never the key.
    expect(row.rows[0]?.key_hash).not.toContain(apiKey.slice(8));
    expect(apiKey.startsWith(String(row.rows[0]?.prefix))).toBe(true);
    expect(String(row.rows[0]?.prefix).length).toBe(12);
  });
});

describe("tenant-user login and JWT", () => {
  async function tenantWithUser() {
    const created = await stack.createTenant(30);
    const user = await addTenantUser(
      { db: stack.db, clock: systemClock, ids: randomIds },
      { tenantId: created.tenant.id, username: "alice", password: "correct horse" },
    );
    return { ...created, user };
  }
  const login = (body: unknown) =>
    stack.app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  test("logging in answers a 7-day token that authenticates as the user", async () => {
    const { tenant, apiKey, user } = await tenantWithUser();
    const res = await login({ apiKey, username: "alice", password: "correct horse" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      token: string;
      expiresAt: string;
      user: { id: string };
      tenant: { id: string };
    };
    expect(body.user.id).toBe(user.id);
    expect(body.tenant.id).toBe(tenant.id);
    const days = (Date.parse(body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    const me = await stack.app.request("/api/v1/me", { headers: { authorization: `Bearer ${body.token}` } });
    expect(await me.json()).toEqual({
      tenant: { id: tenant.id, name: "Acme", credits: 30, lowBalanceThreshold: null },
      user: { id: user.id, username: "alice", nickname: null },
      auth: "tenant_user",
    });
    // A user's generation is billed to the tenant and recorded against the user.
    const gen = await postImages(stack, body.token, { model: "sandbox-image", prompt: "a cat", size: "64x64" });
    expect(gen.status).toBe(200);
    const usage = await stack.db.$client.execute({
      sql: "SELECT user_id FROM usage_records WHERE tenant_id = ?",
      args: [tenant.id],
    });
    expect(usage.rows.map((r) => r.user_id)).toEqual([user.id]);
  });

  test("a wrong password, unknown user or bad key gets one 401 and writes nothing", async () => {
    const { apiKey } = await tenantWithUser();
    const before = await stateSnapshot(stack.db);
    await expect401(await login({ apiKey, username: "alice", password: "wrong password" }));
    await expect401(await login({ apiKey, username: "bob", password: "correct horse" }));
    await expect401(await login({ apiKey: `wk_live_${"B".repeat(32)}`, username: "alice", password: "correct horse" }));
    expect(await stateSnapshot(stack.db)).toBe(before);
  });

  test("forged, expired, wrong-type and deactivated-user tokens are refused", async () => {
    const { tenant, user } = await tenantWithUser();
    const now = Math.floor(Date.now() / 1000);
    const claims = { tenantId: tenant.id, userId: user.id, type: "tenant_user", exp: now + 3600 };
    await expectRefusedWithoutWrites({
      authorization: `Bearer ${await sign(claims, "some-other-secret-0123456789abcdef", "HS256")}`,
    });
    await expectRefusedWithoutWrites({
      authorization: `Bearer ${await sign({ ...claims, exp: now - 10 }, stack.config.JWT_SECRET, "HS256")}`,
    });
    await expectRefusedWithoutWrites({
      authorization: `Bearer ${await sign({ ...claims, type: "admin" }, stack.config.JWT_SECRET, "HS256")}`,
    });
    await expectRefusedWithoutWrites({ authorization: "Bearer not.a.jwt" });
    const good = await sign(claims, stack.config.JWT_SECRET, "HS256");
    expect((await stack.app.request("/api/v1/me", { headers: { authorization: `Bearer ${good}` } })).status).toBe(200);
    await stack.db.$client.execute({ sql: "UPDATE tenant_users SET is_active = 0 WHERE id = ?", args: [user.id] });
    await expectRefusedWithoutWrites({ authorization: `Bearer ${good}` });
    await stack.db.$client.execute({ sql: "UPDATE tenant_users SET is_active = 1 WHERE id = ?", args: [user.id] });
    await setTenantActive({ db: stack.db, clock: systemClock }, tenant.id, false);
    await expectRefusedWithoutWrites({ authorization: `Bearer ${good}` });
  });
});
