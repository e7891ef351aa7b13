import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
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
