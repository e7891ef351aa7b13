// Login brute-force protection: failures per account and per client IP lock further attempts (429 + Retry-After); successes never count.
import { afterEach, describe, expect, test } from "bun:test";
import { tenantUsers } from "@waule/db/server";
import { randomIds } from "@waule/shared/clock";
import { eq } from "drizzle-orm";
import { createServerApp } from "../src/app";
import { buildServerDeps } from "../src/build-deps";
import { addTenantUser } from "../src/users/users";
import { testRedis } from "./support/redis";
import { type Stack, startStack } from "./support/stack";

const stacks: Stack[] = [];
const servers: ReturnType<typeof Bun.serve>[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) s.stop(true);
  for (const s of stacks.splice(0)) await s.stop();
});

const PASSWORD = "correct horse battery";

async function setUp(env: Record<string, string> = {}, extra: Parameters<typeof startStack>[0] = {}) {
  const stack = await startStack({
    ...extra,
    serverEnv: { LOGIN_MAX_FAILURES: "3", LOGIN_IP_MAX_FAILURES: "100", ...env },
  });
  stacks.push(stack);
  const { tenant, apiKey } = await stack.createTenant(100);
  const user = await addTenantUser(
    { db: stack.db, clock: stack.deps.clock, ids: randomIds },
    { tenantId: tenant.id, username: "alice", password: PASSWORD },
  );
  return { stack, apiKey, user };
}

function login(
  app: { request: Stack["app"]["request"] },
  body: { apiKey: string; username: string; password: string },
  headers: Record<string, string> = {},
) {
  return app.request("/api/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

async function lastLoginOf(stack: Stack, userId: string) {
  const [row] = await stack.db.select().from(tenantUsers).where(eq(tenantUsers.id, userId));
  return row!.lastLoginAt?.getTime() ?? null;
}

describe("login brute-force protection", () => {
  test("after the allowed failures even the right password is refused with 429 and Retry-After, and nothing is written", async () => {
    const { stack, apiKey, user } = await setUp();
    for (let i = 0; i < 3; i++)
      expect((await login(stack.app, { apiKey, username: "alice", password: `guess-${i}` })).status).toBe(401);
    const locked = await login(stack.app, { apiKey, username: "alice", password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.headers.get("retry-after")).toBe(String(15 * 60));
    const body = (await locked.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("rate_limited");
    expect(JSON.stringify(body)).not.toContain("token");
    expect(await lastLoginOf(stack, user.id)).toBeNull();
    // Case does not open a fresh bucket for the same account.
    expect((await login(stack.app, { apiKey, username: "ALICE", password: PASSWORD })).status).toBe(429);
  });

  test("successful logins do not count as failures", async () => {
    const { stack, apiKey, user } = await setUp();
    for (let i = 0; i < 6; i++)
      expect((await login(stack.app, { apiKey, username: "alice", password: PASSWORD })).status).toBe(200);
    for (let i = 0; i < 2; i++)
      expect((await login(stack.app, { apiKey, username: "alice", password: "nope" })).status).toBe(401);
    expect((await login(stack.app, { apiKey, username: "alice", password: PASSWORD })).status).toBe(200);
    expect(await lastLoginOf(stack, user.id)).not.toBeNull();
    expect((await login(stack.app, { apiKey, username: "alice", password: "nope" })).status).toBe(401);
    expect((await login(stack.app, { apiKey, username: "alice", password: PASSWORD })).status).toBe(429);
  });

  test("the lock lifts once the failures are older than the window", async () => {
    let now = Date.UTC(2026, 0, 1);
    const { stack, apiKey } = await setUp({}, { clock: { now: () => now } });
    for (let i = 0; i < 3; i++) await login(stack.app, { apiKey, username: "alice", password: "nope" });
    expect((await login(stack.app, { apiKey, username: "alice", password: PASSWORD })).status).toBe(429);
    now += 15 * 60 * 1000 - 1000;
    expect((await login(stack.app, { apiKey, username: "alice", password: PASSWORD })).status).toBe(429);
    now += 2000;
    expect((await login(stack.app, { apiKey, username: "alice", password: PASSWORD })).status).toBe(200);
  });

  test("another account is not locked by this one's failures", async () => {
    const { stack, apiKey } = await setUp();
    for (let i = 0; i < 3; i++) await login(stack.app, { apiKey, username: "alice", password: "nope" });
    expect((await login(stack.app, { apiKey, username: "alice", password: PASSWORD })).status).toBe(429);
    const { apiKey: otherKey } = await stack.createTenant(0, "Third");
    // Same IP (unknown in app.request), different account: its own bucket.
    expect((await login(stack.app, { apiKey: otherKey, username: "carol", password: "nope" })).status).toBe(401);
  });

  test("per client IP over a real socket: many usernames from one IP are cut off; X-Forwarded-For is ignored without TRUST_PROXY", async () => {
    const { stack, apiKey } = await setUp({ LOGIN_MAX_FAILURES: "100", LOGIN_IP_MAX_FAILURES: "4" });
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: stack.app.fetch });
    servers.push(server);
    const base = `http://127.0.0.1:${server.port}`;
    const viaSocket = {
      request: (path: string, init?: RequestInit) => fetch(`${base}${path}`, init),
    } as unknown as Stack["app"];
    for (let i = 0; i < 4; i++) {
      const res = await login(
        viaSocket,
        { apiKey, username: `user${i}`, password: "nope" },
        { "x-forwarded-for": `203.0.113.${i}` },
      );
      expect(res.status).toBe(401);
    }
    const res = await login(
      viaSocket,
      { apiKey, username: "alice", password: PASSWORD },
      { "x-forwarded-for": "198.51.100.7" },
    );
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe(String(15 * 60));
  });

  test("with TRUST_PROXY the forwarded client IP is what is limited", async () => {
    const { stack, apiKey } = await setUp({
      LOGIN_MAX_FAILURES: "100",
      LOGIN_IP_MAX_FAILURES: "2",
      TRUST_PROXY: "true",
    });
    for (let i = 0; i < 2; i++)
      await login(
        stack.app,
        { apiKey, username: `user${i}`, password: "nope" },
        { "x-forwarded-for": "203.0.113.9, 10.0.0.1" },
      );
    expect(
      (await login(stack.app, { apiKey, username: "alice", password: PASSWORD }, { "x-forwarded-for": "203.0.113.9" }))
        .status,
    ).toBe(429);
    expect(
      (await login(stack.app, { apiKey, username: "alice", password: PASSWORD }, { "x-forwarded-for": "198.51.100.7" }))
        .status,
    ).toBe(200);
  });

  test("two instances sharing Redis count failures together, in the database rather than in Redis", async () => {
    const redis = testRedis("login");
    try {
      const { stack, apiKey } = await setUp({}, { redis: await redis.connect() });
      const other = createServerApp(
        buildServerDeps(
          { db: stack.db, gateway: stack.deps.gateway, clock: stack.deps.clock, ids: randomIds, config: stack.config },
          await redis.connect(),
        ),
      );
      await login(stack.app, { apiKey, username: "alice", password: "nope" });
      await login(other, { apiKey, username: "alice", password: "nope" });
      await login(stack.app, { apiKey, username: "alice", password: "nope" });
      expect((await login(other, { apiKey, username: "alice", password: PASSWORD })).status).toBe(429);
      // Redis may restart empty (no persistence): the lockout lives in the shared database instead.
      expect((await redis.keys()).some((k) => k.includes("login:"))).toBe(false);
      const rows = await stack.db.$client.execute(
        "SELECT COUNT(*) AS n FROM login_attempts WHERE key LIKE 'login:account:%'",
      );
      expect(Number(rows.rows[0]!.n)).toBe(3);
    } finally {
      await redis.cleanup();
    }
  });
});
