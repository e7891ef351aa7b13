// The two limits every server instance must agree on: requests per minute, and tasks running at once.

export type RateDecision = {
  allowed: boolean;
  /** Requests left in the current window after this one (0 when refused). */
  remaining: number;
  /** Seconds until the window resets; 0 when allowed. */
  retryAfterSeconds: number;
};

/**
 * Fixed one-minute windows (aligned to the clock's minute): cheap and exact to count, at the cost
 * of letting a client spend up to twice its limit across a window boundary. Every hit counts, refused
 * ones included, so a client hammering past its limit does not earn requests back.
 */
export interface RateLimiter {
  hit(key: string, limitPerMinute: number): Promise<RateDecision>;
}

/** A held slot; released explicitly when the work ends, or dropped by itself after its ttl if the holder died. */
export type Lease = { key: string; id: string };

export interface ConcurrencyLimiter {
  /**
   * Takes a slot if fewer than `max` live leases hold `key`. `id` names the lease (e.g. a task id, so a
   * restarted instance can release it from the row alone); acquiring an id already held renews it instead.
   */
  acquire(key: string, max: number, ttlMs: number, id?: string): Promise<{ allowed: boolean; lease?: Lease }>;
  /** Pushes a live lease's expiry out (long tasks); false when it had already expired or been released. */
  renew(lease: Lease, ttlMs: number): Promise<boolean>;
  release(lease: Lease): Promise<void>;
}

export const RATE_WINDOW_MS = 60_000;

export function windowOf(nowMs: number): { index: number; resetsInMs: number } {
  const index = Math.floor(nowMs / RATE_WINDOW_MS);
  return { index, resetsInMs: (index + 1) * RATE_WINDOW_MS - nowMs };
}

export function decide(count: number, limit: number, resetsInMs: number): RateDecision {
  const allowed = count <= limit;
  return {
    allowed,
    remaining: allowed ? limit - count : 0,
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(resetsInMs / 1000)),
  };
}

/** Both limits, built together by createLimits (limits/index.ts). */
export type Limits = { rate: RateLimiter; concurrency: ConcurrencyLimiter };
