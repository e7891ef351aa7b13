// The builder picks where limits and task events live from the config alone: Redis with REDIS_URL, this process without.
import { afterAll, expect, test } from "bun:test";
import { randomIds } from "@waule/shared/clock";
import type { TaskEvent } from "@waule/shared/tasks";
import { buildServerDeps } from "../src/build-deps";
import { loadServerConfig } from "../src/config";
import type { ServerDepsInput } from "../src/deps";
import { openConfiguredRedis, openRedisConnections, type RedisConnections } from "../src/redis/connections";
import { TEST_REDIS_URL, testRedis } from "./support/redis";

const redis = testRedis("redis-deps");
const opened: RedisConnections[] = [];
afterAll(async () => {
  await Promise.all(opened.map((c) => c.close()));
  await redis.cleanup();
});

const clock = { now: () => Date.UTC(2026, 0, 1, 12, 0, 30) };
function baseFrom(env: Record<string, string>): ServerDepsInput {
  const config = loadServerConfig({
    NODE_ENV: "test",
    INTERNAL_SECRET: "deps-internal-secret-0123456789abcdef01",
    JWT_SECRET: "deps-jwt-secret-0123456789abcdef0123456",
    CONFIG_ENCRYPTION_KEY: "55".repeat(32),
    REDIS_PREFIX: redis.prefix,
    ...env,
  });
  // The builder never touches the database or the gateway; these tests leave them out.
  return { db: undefined as never, gateway: undefined as never, clock, ids: randomIds, config };
}
async function instance(env: Record<string, string>) {
  const base = baseFrom(env);
  const connections = await openConfiguredRedis(base.config);
  if (connections) opened.push(connections);
  return { connections, deps: buildServerDeps(base, connections) };
}
const event = (id: string): TaskEvent => ({
  type: "task.running",
  task: {
    id,
    object: "task",
    type: "video",
    model: "sandbox-video",
    status: "running",
    progress: 5,
    result: null,
    error: null,
    credits: null,
    created_at: 1,
    updated_at: 2,
    finished_at: null,
  },
});

test("without REDIS_URL each instance keeps its own limits and events, and nothing reaches Redis", async () => {
  const [a, b] = [await instance({}), await instance({})];
  expect(a.connections).toBeNull();
  expect((await a.deps.limits.rate.hit("tenant:t", 1)).allowed).toBe(true);
  expect((await a.deps.limits.rate.hit("tenant:t", 1)).allowed).toBe(false);
  expect((await b.deps.limits.rate.hit("tenant:t", 1)).allowed).toBe(true);
  expect((await a.deps.limits.concurrency.acquire("tasks:t", 1, 60_000, "task_1")).allowed).toBe(true);
  expect((await b.deps.limits.concurrency.acquire("tasks:t", 1, 60_000, "task_2")).allowed).toBe(true);

  const seenA: TaskEvent[] = [];
  const seenB: TaskEvent[] = [];
  await a.deps.events.subscribe("task_1", (e) => seenA.push(e));
  await b.deps.events.subscribe("task_1", (e) => seenB.push(e));
  await a.deps.events.publish("task_1", event("task_1"));
  // The in-process bus delivers synchronously inside publish.
  expect(seenA.map((e) => e.task.id)).toEqual(["task_1"]);
  expect(seenB).toEqual([]);
  expect(await redis.keys()).toEqual([]);
});

test("with REDIS_URL both instances share limits and events in Redis under REDIS_PREFIX", async () => {
  const [a, b] = [await instance({ REDIS_URL: TEST_REDIS_URL }), await instance({ REDIS_URL: TEST_REDIS_URL })];
  expect(a.connections?.prefix).toBe(redis.prefix);
  expect((await a.deps.limits.rate.hit("tenant:shared", 1)).allowed).toBe(true);
  expect((await b.deps.limits.rate.hit("tenant:shared", 1)).allowed).toBe(false);
  expect((await a.deps.limits.concurrency.acquire("tasks:shared", 1, 60_000, "task_1")).allowed).toBe(true);
  expect((await b.deps.limits.concurrency.acquire("tasks:shared", 1, 60_000, "task_2")).allowed).toBe(false);
  const window = Math.floor(clock.now() / 60_000);
  expect(await redis.keys()).toEqual([`${redis.prefix}cc:tasks:shared`, `${redis.prefix}rl:tenant:shared:${window}`]);

  const seen: TaskEvent[] = [];
  let arrived: () => void = () => {};
  const delivered = new Promise<void>((resolve) => (arrived = resolve));
  await b.deps.events.subscribe("task_9", (e) => {
    seen.push(e);
    arrived();
  });
  await a.deps.events.publish("task_9", event("task_9"));
  await delivered;
  expect(seen.map((e) => e.task.id)).toEqual(["task_9"]);
});

test("parts passed in are kept, so tests can inject their own", async () => {
  const { deps } = await instance({});
  const kept = buildServerDeps({ ...baseFrom({}), limits: deps.limits, events: deps.events });
  expect(kept.limits).toBe(deps.limits);
  expect(kept.events).toBe(deps.events);
});

test("an unreachable REDIS_URL stops start-up with a message naming it", async () => {
  await expect(openRedisConnections("redis://127.0.0.1:1", redis.prefix)).rejects.toThrow(
    /^REDIS_URL: cannot reach Redis/,
  );
});
