// Hono middleware answering 429 with Retry-After once a key has spent its requests for the minute.

import { AppError } from "@waule/shared/errors";
import type { Context, MiddlewareHandler } from "hono";
import type { RateDecision, RateLimiter } from "./types";

export type RateLimitOptions = {
  limiter: RateLimiter;
  /** What is limited (e.g. `tenant:<id>` or `key:<id>`); null lets the request through unlimited. */
  key: (c: Context) => string | null | Promise<string | null>;
  /** A number, or per request (a tenant's own limit read after authentication). */
  limitPerMinute: number | ((c: Context) => number | Promise<number>);
};

export function rateLimit(opts: RateLimitOptions): MiddlewareHandler {
  return async (c, next) => {
    const key = await opts.key(c);
    if (key === null) return next();
    const limit = typeof opts.limitPerMinute === "number" ? opts.limitPerMinute : await opts.limitPerMinute(c);
    const decision = await opts.limiter.hit(key, limit);
    if (!decision.allowed) return refuseRateLimited(c, limit, decision);
    c.header("X-RateLimit-Limit", String(limit));
    c.header("X-RateLimit-Remaining", String(decision.remaining));
    return next();
  };
}

/** The 429 every per-minute limit answers; `scope` says whose limit it was ("tenant", "API key"). */
export function refuseRateLimited(c: Context, limit: number, decision: RateDecision, scope?: string): Response {
  const whose = scope ? `${scope} rate limit` : "rate limit";
  const error = new AppError(
    "rate_limited",
    `${whose} of ${limit} requests per minute exceeded; retry in ${decision.retryAfterSeconds}s`,
  );
  return c.json(error.toJSON(), 429, {
    "Retry-After": String(decision.retryAfterSeconds),
    "X-RateLimit-Limit": String(limit),
    "X-RateLimit-Remaining": "0",
  });
}
