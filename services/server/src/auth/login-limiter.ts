// Brute-force protection for POST /auth/login: failed attempts per account and per client IP within a sliding window.
import type { Context } from "hono";
import type { ServerDeps } from "../deps";
import type { ConcurrencyLimiter } from "../limits";
import { AttemptsLockedError, beginGuardedAttempt, type GuardedAttempt } from "../limits/failure-window";
import { clientIp } from "./client-ip";

export type LoginLimitConfig = { maxFailures: number; maxIpFailures: number; windowSeconds: number };

export type LoginAttempt = GuardedAttempt;

/** Counts one login against the caller's IP and the account (limits/failure-window.ts). */
export function beginLoginAttempt(
  limiter: ConcurrencyLimiter,
  config: LoginLimitConfig,
  who: { account: string; ip: string },
): Promise<LoginAttempt> {
  return beginGuardedAttempt(
    limiter,
    [
      { key: `login:ip:${who.ip}`, max: config.maxIpFailures },
      { key: `login:account:${who.account}`, max: config.maxFailures },
    ],
    config.windowSeconds,
    "logins",
  );
}

/**
 * What a login route calls first: counts the attempt against `account` and the caller's IP (checked
 * before the password, so a locked-out guesser learns nothing even with the right one) and answers
 * 429 with Retry-After when either is locked.
 */
export function loginAttempts(deps: Pick<ServerDeps, "config" | "limits">) {
  const config: LoginLimitConfig = {
    maxFailures: deps.config.LOGIN_MAX_FAILURES,
    maxIpFailures: deps.config.LOGIN_IP_MAX_FAILURES,
    windowSeconds: deps.config.LOGIN_WINDOW_SECONDS,
  };
  const trustProxy = deps.config.TRUST_PROXY === "true";
  return async (c: Context, account: string): Promise<LoginAttempt> => {
    try {
      return await beginLoginAttempt(deps.limits.concurrency, config, { account, ip: clientIp(c, trustProxy) });
    } catch (err) {
      if (err instanceof AttemptsLockedError) c.header("Retry-After", String(err.retryAfterSeconds));
      throw err;
    }
  };
}
