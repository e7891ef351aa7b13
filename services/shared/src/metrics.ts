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

  const series = requestSeries(requests, latency);

  return {
    registry,
    async observeRequests(c, next) {
      const started = performance.now();
      await next();
      const status = c.res.status;
      // The pattern of the last route matched; a request no route took is one label, not its path.
      const pattern = routePath(c, -1);
      const route = status === 404 && pattern.endsWith("*") ? "unmatched" : pattern;
      series.observe(c.req.method, route, status, (performance.now() - started) / 1000);
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

/** The fields of prom-client's (15.x) per-label-set values that an observation changes; read once per series. */
type CounterValue = { value: number };
type HistogramValue = { sum: number; count: number; bucketValues: Record<string, number> };
type ValuesOf<V> = { hashMap: Record<string, V> };

/** Enough for every route pattern × method × status a service answers; past it, series go through prom-client only. */
const MAX_CACHED_SERIES = 2048;

/**
 * One request's counter increment and latency observation. prom-client's `inc(labels)`/`observe(labels, v)` (and its
 * `labels(...)` children, which only bind the same calls) validate the label names and build the label-set's hash
 * string on every call, two of each per request. Here the first observation of a label set goes through prom-client
 * as before, and the value objects it created are kept: later ones add to them directly, as its own observe would
 * (count, sum, the first bucket whose bound holds the value; nothing past the last bound). A series is used only
 * while prom-client still holds those very objects (a reset() replaces them), so /metrics shows what it always did.
 */
function requestSeries(requests: Counter<string>, latency: Histogram<string>) {
  type Series = { method: string; status: number; hash: string; counter: CounterValue; histogram: HistogramValue };
  const counterValues = requests as unknown as ValuesOf<CounterValue>;
  const histogramValues = latency as unknown as ValuesOf<HistogramValue>;
  const bucketKeys = LATENCY_BUCKETS.map(String);
  const byRoute = new Map<string, Series[]>();
  let cached = 0;

  const slow = (method: string, route: string, status: number, seconds: number) => {
    const labels = { method, route, status: String(status) };
    requests.inc(labels);
    latency.observe(labels, seconds);
    if (cached >= MAX_CACHED_SERIES) return;
    // prom-client's hash of a label set: `name:value,` for each label name in sorted order.
    const hash = `method:${method},route:${route},status:${status},`;
    const counter = counterValues.hashMap?.[hash];
    const histogram = histogramValues.hashMap?.[hash];
    if (!isCounterValue(counter) || !isHistogramValue(histogram, bucketKeys)) return;
    let list = byRoute.get(route);
    if (!list) {
      list = [];
      byRoute.set(route, list);
    }
    const at = list.findIndex((s) => s.method === method && s.status === status);
    const entry = { method, status, hash, counter, histogram };
    if (at >= 0) list[at] = entry;
    else {
      list.push(entry);
      cached++;
    }
  };

  return {
    observe(method: string, route: string, status: number, seconds: number) {
      const list = byRoute.get(route);
      let found: Series | undefined;
      if (list)
        for (const s of list)
          if (s.status === status && s.method === method) {
            found = s;
            break;
          }
      if (
        !found ||
        counterValues.hashMap[found.hash] !== found.counter ||
        histogramValues.hashMap[found.hash] !== found.histogram ||
        !Number.isFinite(seconds)
      )
        return slow(method, route, status, seconds);
      found.counter.value += 1;
      const h = found.histogram;
      h.sum += seconds;
      h.count += 1;
      for (let i = 0; i < LATENCY_BUCKETS.length; i++)
        if (seconds <= LATENCY_BUCKETS[i]!) {
          h.bucketValues[bucketKeys[i]!]! += 1;
          break;
        }
    },
  };
}

function isCounterValue(v: unknown): v is CounterValue {
  return typeof v === "object" && v !== null && typeof (v as CounterValue).value === "number";
}

function isHistogramValue(v: unknown, bucketKeys: string[]): v is HistogramValue {
  if (typeof v !== "object" || v === null) return false;
  const h = v as HistogramValue;
  return (
    typeof h.sum === "number" &&
    typeof h.count === "number" &&
    typeof h.bucketValues === "object" &&
    h.bucketValues !== null &&
    bucketKeys.every((k) => typeof h.bucketValues[k] === "number")
  );
}

function bearerOf(header: string | undefined): string {
  return header?.startsWith("Bearer ") ? header.slice("Bearer ".length) : "";
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
