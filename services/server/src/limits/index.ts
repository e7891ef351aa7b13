// Picks the limiter implementations: Redis when the deployment has it (several instances), in-process otherwise.
import type Redis from "ioredis";
import { createMemoryConcurrencyLimiter, createMemoryRateLimiter } from "./memory";
import { createRedisConcurrencyLimiter, createRedisRateLimiter } from "./redis";
import type { ConcurrencyLimiter, LimiterClock, RateLimiter } from "./types";

export { type RateLimitOptions, rateLimit } from "./middleware";
export type { ConcurrencyLimiter, Lease, RateDecision, RateLimiter } from "./types";

export type Limits = { rate: RateLimiter; concurrency: ConcurrencyLimiter };

export function createLimits(opts: { redis?: Redis | null; prefix?: string; clock: LimiterClock }): Limits {
  if (!opts.redis)
    return { rate: createMemoryRateLimiter(opts.clock), concurrency: createMemoryConcurrencyLimiter(opts.clock) };
  const shared = { redis: opts.redis, prefix: opts.prefix ?? "waule:", clock: opts.clock };
  return { rate: createRedisRateLimiter(shared), concurrency: createRedisConcurrencyLimiter(shared) };
}
export { apiRateLimits } from "./api-limits";
export { acquireTaskSlot, releaseTaskSlot, TASK_SLOT_TTL_MS, type TaskSlot, TaskSlotsFullError } from "./task-slots";
