import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { Counter, Histogram, Registry } from "prom-client";
import { createServiceMetrics, metricsAccess } from "./metrics";

describe("service metrics", () => {
  test("production without a token turns /metrics off; a token always guards it; elsewhere it is open", () => {
    expect(metricsAccess("production", undefined)).toEqual({ open: false, token: null });
    expect(metricsAccess("production", "t".repeat(16))).toEqual({ open: false, token: "t".repeat(16) });
    expect(metricsAccess("development", undefined)).toEqual({ open: true });
    expect(metricsAccess("test", "t".repeat(16))).toEqual({ open: false, token: "t".repeat(16) });
  });

  test("a nested route is counted under its full pattern, and an error answer under its status", async () => {
    const metrics = createServiceMetrics("test", { open: true });
    const inner = new Hono().get("/:id", (c) => (c.req.param("id") === "bad" ? c.json({}, 400) : c.json({})));
    const app = new Hono().use("*", metrics.observeRequests).route("/things", inner);
    app.get("/metrics", (c) => metrics.serveMetrics(c));
    await app.request("/things/a");
    await app.request("/things/b");
    await app.request("/things/bad");
    const text = await (await app.request("/metrics")).text();
    expect(text).toContain('http_requests_total{method="GET",route="/things/:id",status="200",service="test"} 2');
    expect(text).toContain('http_requests_total{method="GET",route="/things/:id",status="400",service="test"} 1');
    expect(text).not.toContain("/things/a");
  });
});

describe("request series kept between requests", () => {
  // Each request's latency is made known (performance.now is stepped by the test), so the middleware's /metrics text
  // can be compared line for line with prom-client fed the same observations through its own inc/observe.
  const steps = [0.0004, 0.003, 0.003, 0.07, 200, 0.001, 0.0025, 1.5];
  async function run(reset: boolean) {
    const realNow = performance.now;
    let clock = 0;
    let step = 0;
    let phase: "start" | "end" = "end";
    let startedAt = 0;
    // The seconds each request took, as the middleware computes them from the two readings.
    const took: number[] = [];
    // Called once before and once after each request by the middleware.
    performance.now = () => {
      phase = phase === "end" ? "start" : "end";
      if (phase === "start") startedAt = clock;
      else {
        clock += steps[step++ % steps.length]! * 1000;
        took.push((clock - startedAt) / 1000);
      }
      return clock;
    };
    try {
      const metrics = createServiceMetrics("test", { open: true });
      const inner = new Hono().get("/:id", (c) => (c.req.param("id") === "bad" ? c.json({}, 400) : c.json({})));
      const app = new Hono().use("*", metrics.observeRequests).route("/things", inner);
      app.post("/things", (c) => c.json({}, 201));
      const paths: [string, string][] = [
        ["GET", "/things/a"],
        ["GET", "/things/b"],
        ["GET", "/things/bad"],
        ["POST", "/things"],
        ["GET", "/things/c"],
        ["GET", "/nowhere"],
        ["POST", "/things"],
        ["GET", "/things/bad"],
      ];
      const observed: [string, string, string, number][] = [];
      for (let round = 0; round < 3; round++) {
        if (reset && round === 2) {
          metrics.registry.resetMetrics();
          observed.length = 0;
        }
        for (const [method, path] of paths) {
          const res = await app.request(path, { method });
          const route = res.status === 404 ? "unmatched" : method === "POST" ? "/things" : "/things/:id";
          observed.push([method, route, String(res.status), took.at(-1)!]);
        }
      }
      const reference = new Registry();
      reference.setDefaultLabels({ service: "test" });
      const labelNames = ["method", "route", "status"];
      const requests = new Counter({
        name: "http_requests_total",
        help: "HTTP requests answered",
        labelNames,
        registers: [reference],
      });
      const latency = new Histogram({
        name: "http_request_duration_seconds",
        help: "Time from request to response headers",
        labelNames,
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
        registers: [reference],
      });
      for (const [method, route, status, seconds] of observed) {
        requests.inc({ method, route, status });
        latency.observe({ method, route, status }, seconds);
      }
      return { text: await metrics.registry.metrics(), expected: await reference.metrics() };
    } finally {
      performance.now = realNow;
    }
  }

  test("/metrics is what prom-client's own inc and observe give for the same requests", async () => {
    const { text, expected } = await run(false);
    expect(text).toContain('http_requests_total{method="GET",route="/things/:id",status="200",service="test"} 9');
    expect(text).toContain(
      'http_request_duration_seconds_bucket{le="+Inf",service="test",method="GET",route="unmatched",status="404"} 3',
    );
    expect(text).toBe(expected);
  });

  test("after a reset of the registry the counts start again from zero", async () => {
    const { text, expected } = await run(true);
    expect(text).toContain('http_requests_total{method="GET",route="/things/:id",status="200",service="test"} 3');
    expect(text).toBe(expected);
  });
});
