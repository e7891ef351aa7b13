// One contract, run against the in-process limiters and against two Redis connections (two server instances).
import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import Redis from "ioredis";
import { createMemoryConcurrencyLimiter, createMemoryRateLimiter } from "./memory";
import { createRedisConcurrencyLimiter, createRedisRateLimiter } from "./redis";
import type { ConcurrencyLimiter, RateLimiter } from "./types";

const START = Date.UTC(2026, 0, 1, 12, 0, 10);
const clock = { t: START, now: () => clock.t };
beforeEach(() => {
  clock.t = START;
});
const prefix = `test:limits:${crypto.randomUUID()}:`;
const connections: Redis[] = [];
function connect(): Redis {
  const r = new Redis("redis://127.0.0.1:6379", { lazyConnect: false, maxRetriesPerRequest: 1 });
  connections.push(r);
  return r;
}

afterAll(async () => {
  const [r] = connections;
  if (r) {
    const keys = await r.keys(`${prefix}*`);
    if (keys.length) await r.del(...keys);
  }
  await Promise.all(connections.map((c) => c.quit()));
});

type Pair<T> = () => [T, T];
const impls: { name: string; rate: Pair<RateLimiter>; conc: Pair<ConcurrencyLimiter> }[] = [
  {
    name: "in-process",
    rate: () => {
      const one = createMemoryRateLimiter(clock);
      return [one, one];
    },
    conc: () => {
      const one = createMemoryConcurrencyLimiter(clock);
      return [one, one];
    },
  },
  {
    name: "redis, two connections",
    rate: () => [
      createRedisRateLimiter({ redis: connect(), prefix, clock }),
      createRedisRateLimiter({ redis: connect(), prefix, clock }),
    ],
    conc: () => [
      createRedisConcurrencyLimiter({ redis: connect(), prefix, clock }),
      createRedisConcurrencyLimiter({ redis: connect(), prefix, clock }),
    ],
  },
];

for (const impl of impls) {
  describe(`rate limiter (${impl.name})`, () => {
    test("two instances share one per-minute limit and refuse with the seconds left in the window", async () => {
      const [a, b] = impl.rate();
      const key = `tenant:${crypto.randomUUID()}`;
      const seen = [];
      for (let i = 0; i < 5; i++) seen.push(await (i % 2 ? b : a).hit(key, 5));
      expect(seen.map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0]);
      expect(seen.every((d) => d.allowed)).toBe(true);
      const refused = await b.hit(key, 5);
      expect(refused).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 50 });
      expect((await a.hit(key, 5)).allowed).toBe(false);
      expect((await a.hit(`${key}:other`, 5)).allowed).toBe(true);
    });

    test("concurrent hits from both instances never let more than the limit through", async () => {
      const [a, b] = impl.rate();
      const key = `tenant:${crypto.randomUUID()}`;
      const decisions = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).hit(key, 12)));
      expect(decisions.filter((d) => d.allowed).length).toBe(12);
    });

    test("the next minute starts a fresh window", async () => {
      const [a, b] = impl.rate();
      const key = `tenant:${crypto.randomUUID()}`;
      await a.hit(key, 1);
      expect((await b.hit(key, 1)).allowed).toBe(false);
      clock.t += 60_000;
      expect(await b.hit(key, 1)).toEqual({ allowed: true, remaining: 0, retryAfterSeconds: 0 });
    });
  });

  describe(`concurrency limiter (${impl.name})`, () => {
    test("two instances share the cap; a release frees a slot for the other instance", async () => {
      const [a, b] = impl.conc();
      const key = `tenant:${crypto.randomUUID()}`;
      const first = await a.acquire(key, 2, 60_000);
      const second = await b.acquire(key, 2, 60_000);
      expect(first.allowed && second.allowed).toBe(true);
      expect(await a.acquire(key, 2, 60_000)).toEqual({ allowed: false });
      await b.release(first.lease!);
      const third = await b.acquire(key, 2, 60_000);
      expect(third.allowed).toBe(true);
      expect(third.lease!.id).not.toBe(first.lease!.id);
    });

    test("concurrent acquires from both instances never exceed the cap", async () => {
      const [a, b] = impl.conc();
      const key = `tenant:${crypto.randomUUID()}`;
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).acquire(key, 3, 60_000)));
      expect(results.filter((r) => r.allowed).length).toBe(3);
    });

    test("a named lease is released by name from the other instance, and re-acquiring it takes no second slot", async () => {
      const [a, b] = impl.conc();
      const key = `tenant:${crypto.randomUUID()}`;
      expect(await a.acquire(key, 2, 60_000, "task_1")).toEqual({ allowed: true, lease: { key, id: "task_1" } });
      expect((await b.acquire(key, 2, 60_000, "task_1")).allowed).toBe(true);
      expect((await b.acquire(key, 2, 60_000, "task_2")).allowed).toBe(true);
      expect((await a.acquire(key, 2, 60_000, "task_3")).allowed).toBe(false);
      // A retried submit of a task that already holds its slot is not refused at the cap.
      expect((await a.acquire(key, 2, 60_000, "task_2")).allowed).toBe(true);
      await b.release({ key, id: "task_1" });
      await b.release({ key, id: "task_1" });
      expect((await a.acquire(key, 2, 60_000, "task_3")).allowed).toBe(true);
      expect((await a.acquire(key, 2, 60_000, "task_4")).allowed).toBe(false);
    });

    test("a lease whose holder died expires after its ttl; a renewed one does not", async () => {
      const [a, b] = impl.conc();
      const key = `tenant:${crypto.randomUUID()}`;
      const dead = await a.acquire(key, 2, 10_000);
      const alive = await a.acquire(key, 2, 10_000);
      clock.t += 8_000;
      expect(await b.renew(alive.lease!, 10_000)).toBe(true);
      clock.t += 3_000;
      expect(await b.renew(dead.lease!, 10_000)).toBe(false);
      expect((await b.acquire(key, 2, 10_000)).allowed).toBe(true);
      expect((await b.acquire(key, 2, 10_000)).allowed).toBe(false);
    });
  });
}
