// The /api/v1 limits: requests per minute per API key and per tenant, checked after authentication, before any route writes.
import type { MiddlewareHandler } from "hono";
import type { AuthEnv } from "../auth/middleware";
import type { ServerDeps } from "../deps";
import { refuseRateLimited } from "./middleware";
import { TaskSlotsFullError } from "./task-slots";

/**
 * The key is checked first, so a key spending past its own limit is refused without eating the rest
 * of its tenant's minute. Headers report whichever limit has fewer requests left. Tenant-user sessions
 * (the web app) have no key and count against the tenant only.
 */
export function apiRateLimits(
  deps: Pick<ServerDeps, "limits" | "config"> & Partial<Pick<ServerDeps, "settings">>,
): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const { tenant, apiKeyId } = c.var.principal;
    // The operator's settings win over the environment's defaults, read per request so a change applies at once.
    const limits = (await deps.settings?.get())?.limits;
    const TENANT_RPM = limits?.tenantRpm ?? deps.config.TENANT_RPM;
    const KEY_RPM = limits?.keyRpm ?? deps.config.KEY_RPM;
    const checks: { key: string; limit: number; scope: string }[] = [];
    if (KEY_RPM > 0 && apiKeyId) checks.push({ key: `key:${apiKeyId}`, limit: KEY_RPM, scope: "API key" });
    if (TENANT_RPM > 0) checks.push({ key: `tenant:${tenant.id}`, limit: TENANT_RPM, scope: "tenant" });

    let tightest: { limit: number; remaining: number } | null = null;
    for (const check of checks) {
      const decision = await deps.limits.rate.hit(check.key, check.limit);
      if (!decision.allowed) return refuseRateLimited(c, check.limit, decision, check.scope);
      if (!tightest || decision.remaining < tightest.remaining)
        tightest = { limit: check.limit, remaining: decision.remaining };
    }
    await next();
    // Set on the finished response, so routes answering a raw or proxied Response keep them too (straight on its
    // headers, as the security headers are: c.header would copy the whole response for each).
    if (tightest) {
      c.res.headers.set("X-RateLimit-Limit", String(tightest.limit));
      c.res.headers.set("X-RateLimit-Remaining", String(tightest.remaining));
    }
    // A route refused for concurrent tasks threw; onError has answered the JSON, this adds the hint.
    if (c.error instanceof TaskSlotsFullError) c.header("Retry-After", String(c.error.retryAfterSeconds));
  };
}
