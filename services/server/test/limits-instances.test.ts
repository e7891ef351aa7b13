// Two server instances (separate DB and Redis connections, one DB file, one Redis) share rate limits and task events.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { openServerDb, type ServerDb } from "@waule/db/connect";
import { randomIds } from "@waule/shared/clock";
import type { Task } from "@waule/shared/tasks";
import { Hono } from "hono";
import { createApiKey } from "../src/api-keys/api-keys";
import { createServerApp, type ServerApp } from "../src/app";
import { buildServerDeps } from "../src/build-deps";
import type { ServerDeps } from "../src/deps";
import { streamTaskEvents } from "../src/events";
import { testRedis } from "./support/redis";
import { postImages, type Stack, startStack } from "./support/stack";
import { balanceAndLedgerSum, stateSnapshot } from "./support/temp-db";

// Frozen 15 s into a minute, so every window is the same one and Retry-After is exactly 45.
const minuteStart = Math.floor(Date.now() / 60_000) * 60_000;
const clock = { now: () => minuteStart + 15_000 };
const window = minuteStart / 60_000;

const redis = testRedis("limits-instances");
let stack: Stack;
let one: ServerApp;
let two: ServerApp;
let twoDeps: ServerDeps;
let twoDb: ServerDb;

beforeAll(async () => {
  stack = await startStack({ clock, redis: await redis.connect(), serverEnv: { TENANT_RPM: "5", KEY_RPM: "3" } });
  one = stack.app;
  twoDb = await openServerDb({ url: stack.dbUrl });
  const { limits: _limits, events: _events, ...base } = stack.deps;
  twoDeps = buildServerDeps({ ...base, db: twoDb }, await redis.connect());
  two = createServerApp(twoDeps);
});
afterAll(async () => {
  twoDb.$client.close();
  await stack.stop();
  await redis.cleanup();
});

const me = (app: ServerApp, key: string) => app.request("/api/v1/me", { headers: { authorization: `Bearer ${key}` } });
const anotherKey = async (tenantId: string, name: string) =>
  (await createApiKey({ db: stack.db, clock, ids: randomIds }, tenantId, name)).key;
const counter = (scope: "tenant" | "key", id: string) =>
  redis.inspector.get(`${redis.prefix}rl:${scope}:${id}:${window}`);

describe("rate limits across two instances", () => {
  test("a tenant's requests on both instances count together: the 6th in the minute is refused, another tenant is not", async () => {
    const { tenant, apiKey } = await stack.createTenant(0, "Shared");
    const [second, third] = [await anotherKey(tenant.id, "second"), await anotherKey(tenant.id, "third")];
    // Spread over two keys so neither reaches its own limit of 3.
    const keys = [apiKey, apiKey, apiKey, second, second];
    const statuses = [];
    for (const [i, key] of keys.entries()) statuses.push((await me(i % 2 ? two : one, key)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);

    const refused = await me(one, second);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("45");
    expect(refused.headers.get("x-ratelimit-limit")).toBe("5");
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(await refused.json()).toEqual({
      error: { code: "rate_limited", message: "tenant rate limit of 5 requests per minute exceeded; retry in 45s" },
    });
    // A fresh key of the same tenant on the other instance is refused too: the limit is the tenant's.
    expect((await me(two, third)).status).toBe(429);

    const other = await stack.createTenant(0, "Other");
    const fine = await me(two, other.apiKey);
    expect(fine.status).toBe(200);
    expect(((await fine.json()) as { tenant: { id: string } }).tenant.id).toBe(other.tenant.id);
    expect(await counter("tenant", tenant.id)).toBe("7");
    expect(await counter("tenant", other.tenant.id)).toBe("1");
  });

  test("each API key has its own limit; headers report the tighter of key and tenant", async () => {
    const { tenant, apiKey, apiKeyId } = await stack.createTenant(0, "Keys");
    const remaining = [];
    for (const app of [one, two, one]) {
      const res = await me(app, apiKey);
      expect([res.status, res.headers.get("x-ratelimit-limit")]).toEqual([200, "3"]);
      remaining.push(res.headers.get("x-ratelimit-remaining"));
    }
    expect(remaining).toEqual(["2", "1", "0"]);

    const refused = await me(two, apiKey);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("45");
    expect(((await refused.json()) as { error: { message: string } }).error.message).toStartWith(
      "API key rate limit of 3 requests per minute",
    );

    // The refused key did not spend the tenant's minute: 3 of 5 used, so another key gets 1 left after this one.
    const second = await me(one, await anotherKey(tenant.id, "second"));
    expect(second.status).toBe(200);
    expect([second.headers.get("x-ratelimit-limit"), second.headers.get("x-ratelimit-remaining")]).toEqual(["5", "1"]);
    expect(await counter("key", apiKeyId)).toBe("4");
    expect(await counter("tenant", tenant.id)).toBe("4");
  });

  test("a refused request writes nothing: no hold, no usage, no ledger row, no idempotency key", async () => {
    const { tenant, apiKey } = await stack.createTenant(100, "Refused");
    for (const app of [one, two, one]) expect((await me(app, apiKey)).status).toBe(200);
    const before = await stateSnapshot(stack.db);
    const body = { model: "sandbox-image", prompt: "a fox", size: "64x64" };

    const refused = await postImages(stack, apiKey, body, { "idempotency-key": "limit-1" });
    expect(refused.status).toBe(429);
    expect(await stateSnapshot(stack.db)).toBe(before);
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 100, ledgerSum: 100 });

    // The same request through a key with room is billed, and its Idempotency-Key was never claimed.
    const allowed = await postImages(stack, await anotherKey(tenant.id, "second"), body, {
      "idempotency-key": "limit-1",
    });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("idempotent-replayed")).toBeNull();
    expect((await balanceAndLedgerSum(stack.db, tenant.id)).balance).toBe(90);
  });
});

describe("task events across two instances", () => {
  function taskAt(id: string, status: Task["status"], progress: number, updated_at: number): Task {
    return {
      id,
      object: "task",
      type: "video",
      model: "sandbox-video",
      status,
      progress,
      result: null,
      error: null,
      credits: null,
      created_at: 1,
      updated_at,
      finished_at: null,
    };
  }

  test("an event published by instance 1 reaches an SSE stream held by instance 2, which then leaves the channel", async () => {
    const id = `task_${crypto.randomUUID()}`;
    const sse = new Hono().get("/tasks/:id/events", (c) =>
      streamTaskEvents(c, {
        bus: twoDeps.events,
        taskId: c.req.param("id"),
        load: async () => taskAt(id, "running", 10, 100),
        heartbeatMs: 60_000,
      }),
    );
    const res = await sse.request(`/tasks/${id}/events`);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    expect(text).toStartWith("event: task.running\n");

    await stack.deps.events.publish(id, { type: "task.progress", task: taskAt(id, "running", 60, 101) });
    await stack.deps.events.publish(id, { type: "task.succeeded", task: taskAt(id, "succeeded", 100, 102) });
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value);

    const events = text
      .trim()
      .split("\n\n")
      .map((block) => {
        const [event, data] = block.split("\n");
        return [event!.slice("event: ".length), (JSON.parse(data!.slice("data: ".length)) as Task).progress];
      });
    expect(events).toEqual([
      ["task.running", 10],
      ["task.progress", 60],
      ["task.succeeded", 100],
    ]);
    const channel = `${redis.prefix}task-events:${id}`;
    // UNSUBSCRIBE is sent without waiting; poll Redis' own count until it has run.
    while ((await redis.inspector.pubsub("NUMSUB", channel))[1] !== 0) await Bun.sleep(5);
  });
});
