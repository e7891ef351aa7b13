// Prometheus metrics of a service (prom-client): request counts and latency by route pattern and status, observed by
// one cheap middleware, and GET /metrics, which computes the gauges that need a query only when it is scraped.
import { timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { Counter, Histogram, Registry } from "prom-client";

/** Latency buckets (seconds) from a sub-millisecond hop to a slow generation. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export type ServiceMetrics = {
  registry: Registry;
  /** Counts and times every request under the route pattern that answered it (never the raw path). */
  observeRequests: MiddlewareHandler;
  /** GET /metrics: Prometheus text format, behind the bearer token when there is one. */
  serveMetrics(c: Context): Promise<Response>;
};

export type MetricsAccess =
  /** Anyone may scrape (development and tests without a token). */
  | { open: true }
  /** Only `Authorization: Bearer <token>`; a missing token in production means /metrics is off. */
  | { open: false; token: string | null };

/** Production never serves metrics without a token; elsewhere they are open unless a token is set. */
export function metricsAccess(env: string, token: string | undefined): MetricsAccess {
  if (token) return { open: false, token };
  return env === "production" ? { open: false, token: null } : { open: true };
}

export function createServiceMetrics(service: string, access: MetricsAccess): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  const labelNames = ["method", "route", "status"] as const;
  const requests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests answered",
    labelNames,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "http_request_duration_seconds",
    help: "Time from request to response headers",
    labelNames,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });

  return {
    registry,
    async observeRequests(c, next) {
      const started = performance.now();
      await next();
      const status = c.res.status;
      // The pattern of the last route matched; a request no route took is one label, not its path.
      const pattern = routePath(c, -1);
      const labels = {
        method: c.req.method,
        route: status === 404 && pattern.endsWith("*") ? "unmatched" : pattern,
        status: String(status),
      };
      requests.inc(labels);
      latency.observe(labels, (performance.now() - started) / 1000);
    },
    async serveMetrics(c) {
      if (!access.open) {
        if (access.token === null)
          return c.json({ error: { code: "not_found", message: "metrics are off: set METRICS_TOKEN" } }, 404);
        if (!sameSecret(bearerOf(c.req.header("authorization")), access.token))
          return c.json({ error: { code: "unauthorized", message: "a valid metrics token is required" } }, 401);
      }
      return c.body(await registry.metrics(), 200, { "content-type": registry.contentType });
    },
  };
}

function bearerOf(header: string | undefined): string {
  return header?.startsWith("Bearer ") ? header.slice("Bearer ".length) : "";
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
