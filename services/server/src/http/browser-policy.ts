// What browsers may do with the API's answers: security headers everywhere, and CORS on /api/v1 for configured origins only.
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import type { ServerConfig } from "../config";

/** Hono's defaults (nosniff, frame and referrer limits, HSTS…); JSON answers need nothing looser. */
export function apiSecureHeaders(): MiddlewareHandler {
  return secureHeaders();
}

/** The origins CORS_ORIGINS names; unset means none in production (the web app is same-origin) and any elsewhere. */
export function corsOrigins(config: Pick<ServerConfig, "NODE_ENV" | "CORS_ORIGINS">): string[] {
  const raw = config.CORS_ORIGINS ?? (config.NODE_ENV === "production" ? "" : "*");
  return raw
    .split(",")
    .map((o) => o.trim().replace(/\/+$/, ""))
    .filter(Boolean);
}

const EXPOSED = ["Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "Idempotent-Replayed"];

/**
 * Credentials travel in Authorization / X-API-Key headers, never cookies, so no allow-credentials; the
 * rate-limit and Retry-After headers are exposed so browser clients can back off.
 *
 * A preflight (OPTIONS) is Hono's cors middleware. Any other request gets the same headers Hono's would give it, set
 * on the final answer after the route: Hono's sets them before, on a stand-in response that every answer is then
 * copied over, a Response and a header copy per API request.
 */
export function apiCors(config: Pick<ServerConfig, "NODE_ENV" | "CORS_ORIGINS">): MiddlewareHandler {
  const origins = corsOrigins(config);
  const anyOrigin = origins.includes("*");
  const preflight = cors({
    origin: anyOrigin ? "*" : (origin) => (origins.includes(origin) ? origin : null),
    allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    allowHeaders: ["Authorization", "Content-Type", "X-API-Key", "Idempotency-Key", "Last-Event-ID"],
    exposeHeaders: EXPOSED,
    maxAge: 600,
  });
  const exposed = EXPOSED.join(",");
  return async (c, next) => {
    if (c.req.method === "OPTIONS") return preflight(c, next);
    await next();
    const headers = c.res.headers;
    const origin = c.req.header("origin") ?? "";
    const allowed = anyOrigin ? "*" : origins.includes(origin) ? origin : null;
    if (allowed) headers.set("Access-Control-Allow-Origin", allowed);
    headers.set("Access-Control-Expose-Headers", exposed);
    if (!anyOrigin) headers.append("Vary", "Origin");
  };
}
