// Redis killed under a running server (a real redis-server of the test's own, no persistence): requests that need it
// answer 503 JSON with Retry-After and write nothing; once it is back they pass again, and login lockouts survive.
import { afterEach, expect, test } from "bun:test";
import { randomIds } from "@waule/shared/clock";
import { openRedisConnections, type RedisConnections } from "../src/redis/connections";
import { addTenantUser } from "../src/users/users";
import { startRedisProcess } from "./support/redis-process";
import { type Stack, startStack } from "./support/stack";
import { balanceAndLedgerSum } from "./support/temp-db";

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function setUp() {
  const redis = await startRedisProcess();
  cleanup.push(() => redis.stop());
  const connections: RedisConnections = await openRedisConnections(redis.url, "outage:");
  cleanup.push(() => connections.close());
  const stack: Stack = await startStack({ redis: connections, serverEnv: { LOGIN_MAX_FAILURES: "2" } });
  cleanup.push(() => stack.stop());
  const { tenant, apiKey } = await stack.createTenant(100);
  return { redis, stack, tenant, apiKey };
}

const me = (stack: Stack, apiKey: string) =>
  stack.app.request("/api/v1/me", { headers: { authorization: `Bearer ${apiKey}` } });

test("with Redis down a call answers 503 with Retry-After and writes nothing; it passes again once Redis is back", async () => {
  const { redis, stack, tenant, apiKey } = await setUp();
  expect((await me(stack, apiKey)).status).toBe(200);

  await redis.kill();
  const down = await me(stack, apiKey);
  expect(down.status).toBe(503);
  expect(Number(down.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(down.headers.get("content-type")).toContain("application/json");
  expect(((await down.json()) as { error: { code: string } }).error.code).toBe("service_unavailable");
  const image = await stack.app.request("/api/v1/images/generations", {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "sandbox-image", prompt: "x", n: 1, size: "256x256" }),
  });
  expect(image.status).toBe(503);
  const holds = await stack.db.$client.execute("SELECT COUNT(*) AS n FROM credit_holds");
  expect(Number(holds.rows[0]!.n)).toBe(0);
  expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 100, ledgerSum: 100 });

  await redis.start();
  let status = 0;
  // ioredis reconnects by itself; the first calls may still meet the old connection.
  for (let i = 0; i < 100 && status !== 200; i++) {
    status = (await me(stack, apiKey)).status;
    if (status !== 200) await Bun.sleep(50);
  }
  expect(status).toBe(200);
});

test("a locked-out login stays locked across a Redis restart that lost every key", async () => {
  const { redis, stack, tenant, apiKey } = await setUp();
  await addTenantUser(
    { db: stack.db, clock: stack.deps.clock, ids: randomIds },
    { tenantId: tenant.id, username: "alice", password: "correct horse battery" },
  );
  const login = (password: string) =>
    stack.app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ apiKey, username: "alice", password }),
    });
  expect((await login("guess-1")).status).toBe(401);
  expect((await login("guess-2")).status).toBe(401);
  expect((await login("correct horse battery")).status).toBe(429);

  await redis.kill();
  await redis.start();
  const locked = await login("correct horse battery");
  expect(locked.status).toBe(429);
  expect(locked.headers.get("retry-after")).not.toBeNull();
});
