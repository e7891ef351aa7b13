// Brute-force guards (logins, redemption codes): failed attempts per key within a sliding window, shared by every instance.
import { AppError } from "@waule/shared/errors";
import type { ConcurrencyLimiter, Lease } from "./types";

/** Thrown when an attempt is refused for too many recent failures; the route adds Retry-After. */
export class AttemptsLockedError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    what: string,
  ) {
    super("rate_limited", `too many failed ${what}; retry in ${retryAfterSeconds}s`);
  }
}

export type GuardedAttempt = {
  /** The attempt succeeded: its provisional failure records are dropped, so successes never count. */
  succeeded(): Promise<void>;
};

/**
 * Each attempt takes a lease (one per check) that lives for the window; a failed attempt simply keeps
 * it, a successful one releases it. The concurrency limiter (in Redis when several instances run) makes
 * "take only if fewer than N live" atomic, so parallel guesses cannot slip past the cap, and leases
 * expiring one by one give a sliding window rather than the fixed buckets of the per-minute RateLimiter.
 * `what` names the attempts in the refusal ("logins", "redemption codes").
 */
export async function beginGuardedAttempt(
  limiter: ConcurrencyLimiter,
  checks: { key: string; max: number }[],
  windowSeconds: number,
  what: string,
): Promise<GuardedAttempt> {
  const ttlMs = windowSeconds * 1000;
  const taken: Lease[] = [];
  for (const check of checks) {
    const got = await limiter.acquire(check.key, check.max, ttlMs);
    if (!got.allowed || !got.lease) {
      // A refused attempt is not a failure: what it already took is given back.
      await Promise.all(taken.map((lease) => limiter.release(lease)));
      throw new AttemptsLockedError(windowSeconds, what);
    }
    taken.push(got.lease);
  }
  return { succeeded: () => Promise.all(taken.map((lease) => limiter.release(lease))).then(() => undefined) };
}
