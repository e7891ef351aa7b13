// In-process limiters for a single server instance (no REDIS_URL); same contract as the Redis ones.
import type { Clock } from "@waule/shared/clock";
import { type ConcurrencyLimiter, decide, type Lease, type RateLimiter, windowOf } from "./types";

export function createMemoryRateLimiter(clock: Clock): RateLimiter {
  const counts = new Map<string, { window: number; count: number }>();
  return {
    async hit(key, limitPerMinute) {
      const { index, resetsInMs } = windowOf(clock.now());
      const entry = counts.get(key);
      const count = entry && entry.window === index ? entry.count + 1 : 1;
      counts.set(key, { window: index, count });
      // Past windows are dead weight; sweep them occasionally rather than on every hit.
      if (counts.size > 10_000) for (const [k, v] of counts) if (v.window < index) counts.delete(k);
      return decide(count, limitPerMinute, resetsInMs);
    },
  };
}

export function createMemoryConcurrencyLimiter(
  clock: Clock,
  newId: () => string = () => crypto.randomUUID(),
): ConcurrencyLimiter {
  const leases = new Map<string, Map<string, number>>();
  let lastSweep = 0;
  const prune = (held: Map<string, number>, now: number) => {
    for (const [id, expiresAt] of held) if (expiresAt <= now) held.delete(id);
  };
  const live = (key: string) => {
    const held = leases.get(key) ?? new Map<string, number>();
    const now = clock.now();
    prune(held, now);
    // Keys are per tenant, but also per client IP and account (login failures): sweep dead ones so they cannot pile up.
    if (leases.size > 10_000 && now - lastSweep > 60_000) {
      lastSweep = now;
      for (const [k, other] of leases) {
        prune(other, now);
        if (other.size === 0) leases.delete(k);
      }
    }
    leases.set(key, held);
    return held;
  };
  return {
    async acquire(key, max, ttlMs, id) {
      const held = live(key);
      const lease: Lease = { key, id: id ?? newId() };
      if (!held.has(lease.id) && held.size >= max) return { allowed: false };
      held.set(lease.id, clock.now() + ttlMs);
      return { allowed: true, lease };
    },
    async renew(lease, ttlMs) {
      const held = live(lease.key);
      if (!held.has(lease.id)) return false;
      held.set(lease.id, clock.now() + ttlMs);
      return true;
    },
    async release(lease) {
      const held = leases.get(lease.key);
      held?.delete(lease.id);
      if (held?.size === 0) leases.delete(lease.key);
    },
  };
}
