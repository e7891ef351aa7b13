// Redis limiters shared by every server instance; each decision is one Lua script, so it is atomic.
import type { Clock } from "@waule/shared/clock";
import { UnavailableError } from "@waule/shared/errors";
import type Redis from "ioredis";
import { type ConcurrencyLimiter, decide, type Lease, RATE_WINDOW_MS, type RateLimiter, windowOf } from "./types";

export type RedisLimiterOptions = {
  redis: Redis;
  /** Namespaces keys, e.g. "waule:" in production or a per-run prefix in tests. */
  prefix: string;
  /** Instances must share a clock within a second or so; windows and lease expiries are computed from it. */
  clock: Clock;
  newId?: () => string;
};

/** Seconds a client is told to wait while Redis is down: about as long as ioredis takes to reconnect. */
export const REDIS_RETRY_AFTER_SECONDS = 5;

/**
 * Runs one Redis command; a failure (Redis down, restarting, unreachable) is an outage of a shared part, not a bug:
 * 503 with Retry-After, and the request stops before it has written anything.
 */
export async function whileRedisUp<T>(command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (err) {
    console.error(`[server] redis: ${err instanceof Error ? err.message : String(err)}`);
    throw new UnavailableError("shared state (Redis) is unavailable; retry shortly", REDIS_RETRY_AFTER_SECONDS);
  }
}

// INCR then set the expiry on the first hit; the key dies with its window (plus slack for clock skew).
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

export function createRedisRateLimiter(opts: RedisLimiterOptions): RateLimiter {
  return {
    async hit(key, limitPerMinute) {
      const { index, resetsInMs } = windowOf(opts.clock.now());
      const count = Number(
        await whileRedisUp(() =>
          opts.redis.eval(HIT, 1, `${opts.prefix}rl:${key}:${index}`, resetsInMs + RATE_WINDOW_MS),
        ),
      );
      return decide(count, limitPerMinute, resetsInMs);
    },
  };
}

// A sorted set of lease ids scored by expiry: drop expired ones, then add if under the cap (or already held).
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[4]) == false and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[5]) then redis.call('PEXPIRE', KEYS[1], ARGV[5]) end
return 1`;

const RENEW = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZSCORE', KEYS[1], ARGV[3]) == false then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
return 1`;

export function createRedisConcurrencyLimiter(opts: RedisLimiterOptions): ConcurrencyLimiter {
  const newId = opts.newId ?? (() => crypto.randomUUID());
  const keyOf = (key: string) => `${opts.prefix}cc:${key}`;
  return {
    async acquire(key, max, ttlMs, id) {
      const now = opts.clock.now();
      const lease: Lease = { key, id: id ?? newId() };
      const ok = await whileRedisUp(() =>
        opts.redis.eval(ACQUIRE, 1, keyOf(key), now, max, now + ttlMs, lease.id, ttlMs),
      );
      return Number(ok) === 1 ? { allowed: true, lease } : { allowed: false };
    },
    async renew(lease, ttlMs) {
      const now = opts.clock.now();
      const renewed = await whileRedisUp(() =>
        opts.redis.eval(RENEW, 1, keyOf(lease.key), now, now + ttlMs, lease.id, ttlMs),
      );
      return Number(renewed) === 1;
    },
    async release(lease) {
      await whileRedisUp(() => opts.redis.zrem(keyOf(lease.key), lease.id));
    },
  };
}
