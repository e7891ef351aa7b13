// Video tasks through the gateway's internal API: submit, background polling, storage under the tenant prefix, restarts, CUSTOM targets.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openGatewayDb } from "@waule/db/connect";
import { requestLog, upstreamTasks } from "@waule/db/gateway";
import { manualClock, sequentialIds } from "@waule/shared/clock";
import { signInternalRequest } from "@waule/shared/internal-signature";
import type { InternalTaskStatus } from "@waule/shared/tasks";
import { buildGatewayDeps, createGatewayApp } from "../src/app";
import { type GatewayConfig, loadGatewayConfig } from "../src/config";
import { createProviderRegistry } from "../src/providers/registry";
import { createSandboxProvider, SANDBOX_MODELS, type SandboxVideoOptions } from "../src/providers/sandbox";
import { createS3Storage } from "../src/storage/s3";
import { type RunningS3, S3RVER_CREDENTIALS, startS3rver } from "./support/s3rver";

const SECRET = "tasks-internal-secret-0123456789abcdef";
const BASE = "http://gateway.test";
const NOW = Date.UTC(2026, 10, 26, 10, 0, 0);
const EBML_MAGIC = [0x1a, 0x45, 0xdf, 0xa3];

type Opts = { video?: SandboxVideoOptions; failureRate?: number };

/** A gateway over `dir` (its DB file and storage); a second call on the same dir is the gateway after a restart. */
async function openGateway(dir: string, clock: ReturnType<typeof manualClock>, opts: Opts = {}) {
  const config: GatewayConfig = loadGatewayConfig({
    NODE_ENV: "test",
    GATEWAY_DB_URL: `file:${join(dir, "gateway.db")}`,
    STORAGE_DIR: join(dir, "storage"),
    PUBLIC_BASE_URL: BASE,
    INTERNAL_SECRET: SECRET,
    URL_SIGNING_SECRET: "tasks-url-signing-secret-0123456789abcd",
    GATEWAY_ADMIN_TOKEN: "tasks-admin-token-0123456789abcdef0123",
    CONFIG_ENCRYPTION_KEY: "33".repeat(32),
  });
  const db = await openGatewayDb(config.db);
  const providers = createProviderRegistry({ hasProviderKeys: async () => false });
  const sandbox = createSandboxProvider({
    latencyMs: 0,
    failureRate: opts.failureRate ?? 0,
    random: () => 0,
    video: { steps: 4, stepMs: 1_000, fps: 2, maxShortSide: 48, ...opts.video },
  });
  providers.register(sandbox, { models: SANDBOX_MODELS });
  const deps = await buildGatewayDeps(config, {
    db,
    clock,
    providers,
    ids: sequentialIds(`g${Math.random().toString(36).slice(2, 6)}-`),
  });
  const app = createGatewayApp(deps);
  async function signed(method: "GET" | "POST", path: string, body?: unknown) {
    const text = body === undefined ? "" : JSON.stringify(body);
    const headers = signInternalRequest(SECRET, { method, path, body: text, timestampMs: clock.now() });
    return app.request(`${BASE}${path}`, {
      method,
      headers: { ...headers, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: text }),
    });
  }
  return {
    app,
    deps,
    db,
    tasks: deps.tasks!,
    submit: (body: unknown) => signed("POST", "/internal/v1/videos/generations", body),
    poll: (id: string, body: unknown) => signed("POST", `/internal/v1/tasks/${id}/poll`, body),
    get: (id: string) => signed("GET", `/internal/v1/tasks/${id}`),
    close: async () => {
      await deps.tasks!.stop();
      db.$client.close();
    },
  };
}

const video = (serverTaskId: string, extra: Record<string, unknown> = {}) => ({
  tenantId: "tenant_a",
  serverTaskId,
  model: "sandbox-video",
  prompt: "a red square bouncing",
  durationSeconds: 2,
  resolution: "480p",
  ratio: "16:9",
  ...extra,
});

let dir: string;
let s3: RunningS3;
beforeAll(async () => {
  s3 = await startS3rver(["tenant-bucket"]);
});
afterAll(async () => {
  await s3.stop();
});

async function withDir(run: (clock: ReturnType<typeof manualClock>) => Promise<void>) {
  dir = await mkdtemp(join(tmpdir(), "waule-gw-tasks-"));
  try {
    await run(manualClock(NOW));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("gateway video tasks", () => {
  test("a submitted task is polled in the background to a WebM stored under the tenant's prefix", () =>
    withDir(async (clock) => {
      const gw = await openGateway(dir, clock);
      const res = await gw.submit(video("task_1"));
      expect(res.status).toBe(202);
      const accepted = (await res.json()) as InternalTaskStatus;
      expect(accepted).toMatchObject({
        serverTaskId: "task_1",
        tenantId: "tenant_a",
        provider: "sandbox",
        sandbox: true,
        status: "queued",
        progress: 0,
      });
      expect(accepted.upstreamTaskId?.startsWith("sbx-video-")).toBe(true);

      clock.advance(2_000);
      await gw.tasks.tick();
      const row = (await gw.db.select().from(upstreamTasks))[0]!;
      expect(row).toMatchObject({ status: "running", progress: 50 });

      clock.advance(3_000);
      await gw.tasks.tick();
      const status = (await (await gw.get(accepted.gatewayTaskId)).json()) as InternalTaskStatus;
      expect(status.status).toBe("succeeded");
      expect(status.progress).toBe(100);
      expect(status.files).toHaveLength(1);
      const file = status.files[0]!;
      expect(file.key.startsWith("tenants/tenant_a/2026/11/")).toBe(true);
      expect(file.mimeType).toBe("video/webm");
      const bytes = new Uint8Array(await (await gw.app.request(file.url)).arrayBuffer());
      expect(bytes.byteLength).toBe(file.bytes);
      expect([...bytes.subarray(0, 4)]).toEqual(EBML_MAGIC);

      // Only the submit reaches the request log; polls would drown it.
      const log = await gw.db.select().from(requestLog);
      expect(log.map((l) => [l.capability, l.requestId, l.status])).toEqual([["video", "task_1", "ok"]]);
      await gw.close();
    }));

  test("resubmitting the same server task finds the first task instead of starting another", () =>
    withDir(async (clock) => {
      const gw = await openGateway(dir, clock);
      const first = (await (await gw.submit(video("task_1"))).json()) as InternalTaskStatus;
      const again = (await (await gw.submit(video("task_1"))).json()) as InternalTaskStatus;
      expect(again.gatewayTaskId).toBe(first.gatewayTaskId);
      expect(await gw.db.select().from(upstreamTasks)).toHaveLength(1);
      await gw.close();
    }));

  test("another tenant's task id answers 404 on the poll", () =>
    withDir(async (clock) => {
      const gw = await openGateway(dir, clock);
      const first = (await (await gw.submit(video("task_1"))).json()) as InternalTaskStatus;
      const res = await gw.poll(first.gatewayTaskId, { tenantId: "tenant_b" });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
      await gw.close();
    }));

  test("a task accepted before a restart is finished by the next gateway process on the same database", () =>
    withDir(async (clock) => {
      const before = await openGateway(dir, clock);
      const accepted = (await (await before.submit(video("task_1"))).json()) as InternalTaskStatus;
      clock.advance(1_000);
      await before.tasks.tick();
      await before.close();

      clock.advance(10_000);
      const after = await openGateway(dir, clock);
      await after.tasks.tick();
      const row = (await after.db.select().from(upstreamTasks))[0]!;
      expect(row.id).toBe(accepted.gatewayTaskId);
      expect(row.status).toBe("succeeded");
      expect(row.files?.[0]?.key.startsWith("tenants/tenant_a/")).toBe(true);
      await after.close();
    }));

  test("an upstream task that fails ends failed with the mapped error and stores nothing", () =>
    withDir(async (clock) => {
      const gw = await openGateway(dir, clock, { video: { taskFailureRate: 1 } });
      const accepted = (await (await gw.submit(video("task_1"))).json()) as InternalTaskStatus;
      clock.advance(5_000);
      await gw.tasks.tick();
      const status = (await (await gw.get(accepted.gatewayTaskId)).json()) as InternalTaskStatus;
      expect(status.status).toBe("failed");
      expect(status.error?.code).toBe("upstream_unavailable");
      expect(status.files).toEqual([]);
      await gw.close();
    }));

  test("a refused submit answers the upstream error and leaves a failed row", () =>
    withDir(async (clock) => {
      const gw = await openGateway(dir, clock, { failureRate: 1 });
      const res = await gw.submit(video("task_1"));
      expect(res.status).toBe(502);
      const rows = await gw.db.select().from(upstreamTasks);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: "failed", upstreamTaskId: null });
      await gw.close();
    }));

  test("a CUSTOM task keeps no credentials: after a restart only the server's poll, carrying the target, stores the result", () =>
    withDir(async (clock) => {
      const storage = {
        mode: "CUSTOM",
        endpoint: s3.endpoint,
        bucket: "tenant-bucket",
        region: "us-east-1",
        ...S3RVER_CREDENTIALS,
        forcePathStyle: true,
      };
      const before = await openGateway(dir, clock);
      const accepted = (await (await before.submit(video("task_c", { storage }))).json()) as InternalTaskStatus;
      await before.close();

      clock.advance(10_000);
      const after = await openGateway(dir, clock);
      await after.tasks.tick();
      const rows = await after.db.select().from(upstreamTasks);
      // The background poller cannot store it without the target, so it does not touch it.
      expect(rows[0]).toMatchObject({ status: "queued", storageMode: "CUSTOM", lastPolledAt: null });
      const everything = JSON.stringify(rows);
      expect(everything.includes("S3RVER")).toBe(false);
      expect(everything.includes(s3.endpoint)).toBe(false);

      const res = await after.poll(accepted.gatewayTaskId, { tenantId: "tenant_a", storage });
      const status = (await res.json()) as InternalTaskStatus;
      expect(status.status).toBe("succeeded");
      const file = status.files[0]!;
      expect(file.key.startsWith("tenants/tenant_a/")).toBe(true);
      const bucket = createS3Storage({ ...storage, ttlSeconds: 60, owner: "custom" });
      const stored = await bucket.get(file.key);
      expect([...stored!.data.subarray(0, 4)]).toEqual(EBML_MAGIC);
      await after.close();
    }));
});
