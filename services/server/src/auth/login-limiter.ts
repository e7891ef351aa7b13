// Brute-force protection for POST /auth/login: failed attempts per account and per client IP within a sliding window,
// counted in the database (auth/login-failures.ts) so lockouts outlive a Redis restart.
import { AppError } from "@waule/shared/errors";
import type { Context } from "hono";
import type { ServerDeps } from "../deps";
import type { ConcurrencyLimiter, Lease } from "../limits";
import { clientIp } from "./client-ip";
import { createLoginAttemptStore } from "./login-failures";

export type LoginLimitConfig = { maxFailures: number; maxIpFailures: number; windowSeconds: number };

/** Thrown when a login is refused for too many recent failures; the route adds Retry-After. */
export class LoginLockedError extends AppError {
  constructor(override readonly retryAfterSeconds: number) {
    super("rate_limited", `too many failed logins; retry in ${retryAfterSeconds}s`);
  }
}

export type LoginAttempt = {
  /** The attempt succeeded: its provisional failure records are dropped, so successes never count. */
  succeeded(): Promise<void>;
};

/**
 * Each attempt takes a lease (one per limit) that lives for the window; a failed attempt simply keeps
 * it, a successful one releases it. The limiter (the database's login_attempts, shared by every instance) makes
 * "take only if fewer than N live" atomic, so parallel guesses cannot slip past the cap, and leases
 * expiring one by one give a sliding window rather than fixed buckets the per-minute RateLimiter has.
 */
export async function beginLoginAttempt(
  limiter: ConcurrencyLimiter,
  config: LoginLimitConfig,
  who: { account: string; ip: string },
): Promise<LoginAttempt> {
  const ttlMs = config.windowSeconds * 1000;
  const taken: Lease[] = [];
  const checks = [
    { key: `login:ip:${who.ip}`, max: config.maxIpFailures },
    { key: `login:account:${who.account}`, max: config.maxFailures },
  ];
  for (const check of checks) {
    const got = await limiter.acquire(check.key, check.max, ttlMs);
    if (!got.allowed || !got.lease) {
      // A refused attempt is not a failure: what it already took is given back.
      await Promise.all(taken.map((lease) => limiter.release(lease)));
      throw new LoginLockedError(config.windowSeconds);
    }
    taken.push(got.lease);
  }
  return { succeeded: () => Promise.all(taken.map((lease) => limiter.release(lease))).then(() => undefined) };
}

/**
 * What a login route calls first: counts the attempt against `account` and the caller's IP (checked
 * before the password, so a locked-out guesser learns nothing even with the right one) and answers
 * 429 with Retry-After when either is locked.
 */
export function loginAttempts(deps: Pick<ServerDeps, "config" | "db" | "clock">) {
  const config: LoginLimitConfig = {
    maxFailures: deps.config.LOGIN_MAX_FAILURES,
    maxIpFailures: deps.config.LOGIN_IP_MAX_FAILURES,
    windowSeconds: deps.config.LOGIN_WINDOW_SECONDS,
  };
  const trustProxy = deps.config.TRUST_PROXY === "true";
  // The database, not deps.limits (Redis): a Redis restart must not forget who is locked out.
  const store = createLoginAttemptStore(deps);
  return async (c: Context, account: string): Promise<LoginAttempt> => {
    try {
      return await beginLoginAttempt(store, config, { account, ip: clientIp(c, trustProxy) });
    } catch (err) {
      if (err instanceof LoginLockedError) c.header("Retry-After", String(err.retryAfterSeconds));
      throw err;
    }
  };
}
