// GET /metrics on both services: Prometheus text that parses, counters that move with requests (by route pattern and
// status, never the raw path), upstream latency by provider, gauges read at scrape time, and the token in front.
import { afterEach, describe, expect, test } from "bun:test";
import { randomIds } from "@waule/shared/clock";
import { createServerApp } from "../src/app";
import { buildServerDeps } from "../src/build-deps";
import { loadServerConfig } from "../src/config";
import { postImages, type Stack, startStack } from "./support/stack";

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

type Sample = { name: string; labels: Record<string, string>; value: number };

/** The Prometheus text exposition format: `name{a="b",…} value` lines, `#` lines are HELP/TYPE. */
function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

function sampleSum(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

async function scrape(app: { request: Stack["app"]["request"] }, headers: Record<string, string> = {}) {
  const res = await app.request("/metrics", { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/plain");
  return parse(await res.text());
}

describe("/metrics", () => {
  test("server counters move by route pattern and status, and the scrape-time gauges read the database", async () => {
    stack = await startStack();
    const { apiKey } = await stack.createTenant(100);
    const before = await scrape(stack.app);
    const auth = { authorization: `Bearer ${apiKey}` };
    for (let i = 0; i < 3; i++) expect((await stack.app.request("/api/v1/me", { headers: auth })).status).toBe(200);
    expect((await stack.app.request("/api/v1/tasks/task_nope1", { headers: auth })).status).toBe(404);
    expect((await stack.app.request("/api/v1/tasks/task_nope2", { headers: auth })).status).toBe(404);
    expect((await stack.app.request("/no/such/path")).status).toBe(404);
    expect(
      (await postImages(stack, apiKey, { model: "sandbox-image", prompt: "x", n: 1, size: "256x256" })).status,
    ).toBe(200);
    const after = await scrape(stack.app);

    const moved = (labels: Record<string, string>) =>
      sampleSum(after, "http_requests_total", labels) - sampleSum(before, "http_requests_total", labels);
    expect(moved({ method: "GET", route: "/api/v1/me", status: "200" })).toBe(3);
    // Two task ids, one label: the pattern, never the raw path.
    expect(moved({ route: "/api/v1/tasks/:id", status: "404" })).toBe(2);
    expect(after.some((s) => s.labels.route?.includes("task_nope"))).toBe(false);
    expect(moved({ route: "unmatched", status: "404" })).toBe(1);
    expect(moved({ route: "/api/v1/images/generations", status: "200" })).toBe(1);
    expect(
      sampleSum(after, "http_request_duration_seconds_count", { route: "/api/v1/me", status: "200" }) -
        sampleSum(before, "http_request_duration_seconds_count", { route: "/api/v1/me", status: "200" }),
    ).toBe(3);
    expect(sampleSum(after, "waule_holds_open")).toBe(0);
    // The image call's hold and settle: two write units, each in a fsynced group commit.
    const grew = (name: string, labels: Record<string, string> = {}) =>
      sampleSum(after, name, labels) - sampleSum(before, name, labels);
    expect(grew("waule_db_group_commit_units")).toBe(2);
    expect(grew("waule_db_group_commits", { sync: "fsynced" })).toBe(2);
    expect(grew("waule_db_group_commits", { sync: "deferred" })).toBe(0);

    // A hold left open is seen at the next scrape, with no request having counted it.
    await stack.db.$client.execute({
      sql: "INSERT INTO credit_holds (id, tenant_id, amount, status, created_at) SELECT 'hold_x', id, 7, 'held', 0 FROM tenants LIMIT 1",
      args: [],
    });
    const later = await scrape(stack.app);
    expect(sampleSum(later, "waule_holds_open")).toBe(1);
    expect(sampleSum(later, "waule_held_credits")).toBe(7);
  });

  test("the gateway reports requests, upstream latency by provider, and task and key-pool gauges", async () => {
    stack = await startStack();
    const { apiKey } = await stack.createTenant(100);
    const before = await scrape(stack.gatewayApp);
    expect(
      (await postImages(stack, apiKey, { model: "sandbox-image", prompt: "x", n: 1, size: "256x256" })).status,
    ).toBe(200);
    const video = await stack.app.request("/api/v1/videos/generations", {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "sandbox-video", prompt: "x", duration: 2 }),
    });
    expect(video.status).toBe(202);
    const after = await scrape(stack.gatewayApp);
    const delta = (name: string, labels: Record<string, string>) =>
      sampleSum(after, name, labels) - sampleSum(before, name, labels);
    expect(delta("http_requests_total", { route: "/internal/v1/images/generations", status: "200" })).toBe(1);
    expect(delta("waule_upstream_duration_seconds_count", { provider: "sandbox", capability: "image" })).toBe(1);
    expect(delta("waule_upstream_duration_seconds_count", { provider: "sandbox", capability: "video" })).toBe(1);
    expect(sampleSum(after, "waule_upstream_tasks", { capability: "video" })).toBe(1);
    // The key pool's gauge is declared even with no keys yet.
    const text = await (await stack.gatewayApp.request("/metrics")).text();
    expect(text).toContain("# TYPE waule_provider_keys gauge");
  });

  test("with METRICS_TOKEN only its bearer may scrape; in production without one, metrics are off", async () => {
    stack = await startStack({ serverEnv: { METRICS_TOKEN: "metrics-token-0123456789" } });
    expect((await stack.app.request("/metrics")).status).toBe(401);
    expect(
      (await stack.app.request("/metrics", { headers: { authorization: "Bearer wrong-token-0123456789" } })).status,
    ).toBe(401);
    await scrape(stack.app, { authorization: "Bearer metrics-token-0123456789" });

    const production = loadServerConfig({
      NODE_ENV: "production",
      GATEWAY_URL: "http://127.0.0.1:9000",
      INTERNAL_SECRET: "p".repeat(40),
      JWT_SECRET: "q".repeat(40),
      CONFIG_ENCRYPTION_KEY: "55".repeat(32),
    });
    const app = createServerApp(
      buildServerDeps({
        db: stack.db,
        gateway: stack.deps.gateway,
        clock: stack.deps.clock,
        ids: randomIds,
        config: production,
      }),
    );
    const off = await app.request("/metrics");
    expect(off.status).toBe(404);
    expect(((await off.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
});
