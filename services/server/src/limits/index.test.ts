import { afterAll, expect, test } from "bun:test";
import Redis from "ioredis";
import { createLimits } from "./index";

const redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: 1 });
const other = redis.duplicate();
const prefix = `test:limits-index:${crypto.randomUUID()}:`;
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await Promise.all([redis.quit(), other.quit()]);
});

test("with Redis, limits live in Redis under the prefix, so another instance sees them", async () => {
  const clock = { now: () => 120_000 };
  const one = createLimits({ redis, prefix, clock });
  const two = createLimits({ redis: other, prefix, clock });
  await one.rate.hit("tenant:a", 1);
  expect(await redis.get(`${prefix}rl:tenant:a:2`)).toBe("1");
  expect((await two.rate.hit("tenant:a", 1)).allowed).toBe(false);
});

test("without Redis, each instance keeps its own count", async () => {
  const clock = { now: () => 0 };
  const one = createLimits({ clock });
  const two = createLimits({ redis: null, clock });
  await one.rate.hit("tenant:a", 1);
  expect((await one.rate.hit("tenant:a", 1)).allowed).toBe(false);
  expect((await two.rate.hit("tenant:a", 1)).allowed).toBe(true);
});
