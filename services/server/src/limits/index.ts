// Picks the limiter implementations: Redis when the deployment has it (several instances), in-process otherwise.

import type { Clock } from "@waule/shared/clock";
import type Redis from "ioredis";
import { createMemoryConcurrencyLimiter, createMemoryRateLimiter } from "./memory";
import { createRedisConcurrencyLimiter, createRedisRateLimiter } from "./redis";
import type { Limits } from "./types";

export { type RateLimitOptions, rateLimit } from "./middleware";
export type { ConcurrencyLimiter, Lease, Limits, RateDecision, RateLimiter } from "./types";

export function createLimits(opts: { redis?: Redis | null; prefix?: string; clock: Clock }): Limits {
  if (!opts.redis)
    return { rate: createMemoryRateLimiter(opts.clock), concurrency: createMemoryConcurrencyLimiter(opts.clock) };
  const shared = { redis: opts.redis, prefix: opts.prefix ?? "waule:", clock: opts.clock };
  return { rate: createRedisRateLimiter(shared), concurrency: createRedisConcurrencyLimiter(shared) };
}
export { apiRateLimits } from "./api-limits";
export { acquireTaskSlot, releaseTaskSlot, TASK_SLOT_TTL_MS, type TaskSlot, TaskSlotsFullError } from "./task-slots";
