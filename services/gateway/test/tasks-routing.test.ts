// Video task submits go through callProvider: sora (keyless, its sora2api proxy from the /api/sora-proxy setting)
// and stand-in models work for tasks as they do for synchronous calls.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type GatewayDb, openGatewayDb } from "@waule/db/connect";
import { upstreamTasks } from "@waule/db/gateway";
import { manualClock, sequentialIds } from "@waule/shared/clock";
import { signInternalRequest } from "@waule/shared/internal-signature";
import type { InternalTaskStatus } from "@waule/shared/tasks";
import { buildGatewayDeps, createGatewayApp } from "../src/app";
import { loadGatewayConfig } from "../src/config";
import { createKeyPool } from "../src/keys/pool";
import { createKeyRepository } from "../src/keys/repository";
import { createProviderRegistry } from "../src/providers/registry";
import type { Provider } from "../src/providers/types";
import { UpstreamError } from "../src/providers/upstream-error";
import { createLocalStorage } from "../src/storage/local";
import { createTaskEngine } from "../src/tasks";
import { taskKinds } from "../src/tasks/kinds";
import { submitVideo } from "../src/videos/submit";
import { type FakeSora, startFakeSora } from "./fakes/sora";

const SECRET = "routing-internal-secret-0123456789abcdef";
const ADMIN = "routing-admin-token-0123456789abcdef012";
const KEY = "55".repeat(32);
const BASE = "http://gateway.test";
const NOW = Date.UTC(2026, 10, 26, 10, 0, 0);
const MP4 = new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6d, 0x70, 0x34, 0x32]);

let dir: string;
let db: GatewayDb;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "waule-gw-routing-"));
  db = await openGatewayDb({ url: `file:${join(dir, "gateway.db")}` });
});
afterEach(async () => {
  db.$client.close();
  await rm(dir, { recursive: true, force: true });
});

describe("sora video tasks", () => {
  let sora: FakeSora;
  beforeEach(() => {
    sora = startFakeSora();
  });
  afterEach(() => sora.stop());

  test("sora-2 is submitted and polled through the sora-proxy setting saved with the management API, and its video is stored", async () => {
    const clock = manualClock(NOW);
    const config = loadGatewayConfig({
      NODE_ENV: "test",
      GATEWAY_DB_URL: `file:${join(dir, "gateway.db")}`,
      STORAGE_DIR: join(dir, "storage"),
      PUBLIC_BASE_URL: BASE,
      INTERNAL_SECRET: SECRET,
      URL_SIGNING_SECRET: "routing-url-signing-secret-0123456789ab",
      GATEWAY_ADMIN_TOKEN: ADMIN,
      CONFIG_ENCRYPTION_KEY: KEY,
    });
    // sora2api's result URLs live on its own host; this stands in for that download only.
    const cdnFetch = (async (input: Request | string | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (/^\/videos\/[^/]+\.mp4$/.test(url.pathname))
        return new Response(MP4, { headers: { "Content-Type": "video/mp4" } });
      return fetch(input, init);
    }) as typeof fetch;
    // The default registry: sora-2 belongs to the settings-backed sora provider.
    const deps = await buildGatewayDeps(config, { db, clock, fetch: cdnFetch, ids: sequentialIds("s") });
    const app = createGatewayApp(deps);
    const put = await app.request(`${BASE}/api/sora-proxy`, {
      method: "PUT",
      headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
      body: JSON.stringify({ baseUrl: sora.url, apiKey: "sora-key" }),
    });
    expect(put.status).toBe(200);

    const signed = async (path: string, body: unknown) => {
      const text = JSON.stringify(body);
      const headers = signInternalRequest(SECRET, { method: "POST", path, body: text, timestampMs: clock.now() });
      return app.request(`${BASE}${path}`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: text,
      });
    };
    const submitted = await signed("/internal/v1/videos/generations", {
      tenantId: "tenant_s",
      serverTaskId: "task_sora_1",
      model: "sora-2",
      prompt: "a paper boat",
      durationSeconds: 4,
      resolution: "720p",
      ratio: "16:9",
    });
    expect(submitted.status).toBe(202);
    const status = (await submitted.json()) as InternalTaskStatus;
    expect(status).toMatchObject({ provider: "sora", status: "queued", upstreamTaskId: "task_1" });
    expect(sora.requests[0]).toMatchObject({
      method: "POST",
      path: "/v1/videos",
      headers: { authorization: "Bearer sora-key" },
    });
    expect((sora.requests[0]!.body as { model: string }).model).toBe("sora-2");

    let last = status;
    for (let i = 0; i < 4 && last.status !== "succeeded" && last.status !== "failed"; i++) {
      clock.advance(5_000);
      last = (await (
        await signed(`/internal/v1/tasks/${status.gatewayTaskId}/poll`, { tenantId: "tenant_s" })
      ).json()) as InternalTaskStatus;
    }
    expect(last).toMatchObject({ status: "succeeded", progress: 100 });
    expect(sora.requests.filter((r) => r.method === "GET").map((r) => [r.path, r.headers.authorization])).toEqual([
      ["/v1/videos/task_1", "Bearer sora-key"],
      ["/v1/videos/task_1", "Bearer sora-key"],
      ["/v1/videos/task_1", "Bearer sora-key"],
    ]);
    const file = last.files[0]!;
    expect(file.key.startsWith("tenants/tenant_s/")).toBe(true);
    expect(new Uint8Array(await deps.storage.get(file.key).then((o) => o!.data))).toEqual(MP4);
    await deps.tasks!.stop();
  });
});

describe("stand-in models for video tasks", () => {
  test("when every key is rate limited on the first model the stand-in takes the task, and polls follow it", async () => {
    const clock = manualClock(NOW);
    const seen: string[] = [];
    const acme: Provider = {
      name: "acme",
      requiresKey: true,
      video: {
        async submit(input, ctx) {
          seen.push(`submit:${input.model}:${ctx.key.secret}`);
          if (input.model === "acme-pro")
            throw new UpstreamError({ provider: "acme", status: 429, message: "slow down" });
          return { upstreamTaskId: `up-${input.model}` };
        },
        async poll(id, ctx) {
          seen.push(`poll:${id}:${ctx.key.secret}`);
          return { status: "running", progress: 30 };
        },
      },
    };
    const providers = createProviderRegistry({
      hasProviderKeys: async () => true,
      modelFallbacks: { "acme-pro": { model: "acme-lite" } },
    });
    providers.register(acme, { models: ["acme-pro", "acme-lite"] });
    const ids = sequentialIds("f");
    await createKeyRepository({ db, clock, ids, encryptionKey: KEY }).create({
      provider: "acme",
      name: "only",
      secret: "sk-acme",
    });
    const ctx = {
      db,
      storage: createLocalStorage({
        dir: join(dir, "storage"),
        publicBaseUrl: BASE,
        signingSecret: "s".repeat(32),
        ttlSeconds: 60,
        clock,
      }),
      providers,
      clock,
      ids,
      fetch,
      keys: createKeyPool({ db, clock, random: () => 0, config: { encryptionKey: KEY } }),
      config: { encryptionKey: KEY, signedUrlTtlSeconds: 60 },
    };
    const engine = createTaskEngine(ctx, taskKinds);
    const row = await submitVideo(
      { ...ctx, tasks: engine },
      {
        tenantId: "t1",
        serverTaskId: "task_fb",
        model: "acme-pro",
        prompt: "p",
        durationSeconds: 2,
        resolution: "720p",
        ratio: "16:9",
        storage: { mode: "PLATFORM" },
      },
    );
    expect(row).toMatchObject({
      provider: "acme",
      upstreamModel: "acme-lite",
      upstreamTaskId: "up-acme-lite",
      status: "queued",
    });
    clock.advance(5_000);
    await engine.tick();
    expect(seen).toEqual(["submit:acme-pro:sk-acme", "submit:acme-lite:sk-acme", "poll:up-acme-lite:sk-acme"]);
    expect((await db.select().from(upstreamTasks))[0]).toMatchObject({ status: "running", progress: 30 });
  });
});

describe("video submits are not idempotent", () => {
  test("a submit with no answer (timeout) is not sent again with the next key or the stand-in: one upstream job at most", async () => {
    const clock = manualClock(NOW);
    const seen: string[] = [];
    const acme: Provider = {
      name: "acme",
      requiresKey: true,
      video: {
        async submit(input, ctx) {
          seen.push(`submit:${input.model}:${ctx.key.secret}`);
          throw new UpstreamError({ provider: "acme", status: 0, message: "network error: The operation timed out." });
        },
        async poll() {
          return { status: "running", progress: 0 };
        },
      },
    };
    const providers = createProviderRegistry({
      hasProviderKeys: async () => true,
      modelFallbacks: { "acme-pro": { model: "acme-lite" } },
    });
    providers.register(acme, { models: ["acme-pro", "acme-lite"] });
    const ids = sequentialIds("n");
    const repo = createKeyRepository({ db, clock, ids, encryptionKey: KEY });
    await repo.create({ provider: "acme", name: "one", secret: "sk-one", weight: 5 });
    await repo.create({ provider: "acme", name: "two", secret: "sk-two", weight: 1 });
    const ctx = {
      db,
      storage: createLocalStorage({
        dir: join(dir, "storage"),
        publicBaseUrl: BASE,
        signingSecret: "s".repeat(32),
        ttlSeconds: 60,
        clock,
      }),
      providers,
      clock,
      ids,
      fetch,
      keys: createKeyPool({ db, clock, random: () => 0, config: { encryptionKey: KEY } }),
      config: { encryptionKey: KEY, signedUrlTtlSeconds: 60 },
    };
    const engine = createTaskEngine(ctx, taskKinds);
    const err = await submitVideo(
      { ...ctx, tasks: engine },
      {
        tenantId: "t1",
        serverTaskId: "task_to",
        model: "acme-pro",
        prompt: "p",
        durationSeconds: 2,
        resolution: "720p",
        ratio: "16:9",
        storage: { mode: "PLATFORM" },
      },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as UpstreamError).code).toBe("upstream_timeout");
    expect(seen).toEqual(["submit:acme-pro:sk-one"]);
    expect((await db.select().from(upstreamTasks))[0]).toMatchObject({
      status: "failed",
      error: { code: "upstream_timeout" },
    });
    await engine.stop();
  });
});
