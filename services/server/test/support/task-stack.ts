// Server and gateway as separate "processes" sharing one manual clock: the gateway on a real port behind a stable URL,
// each side restartable on its own database file, and the server's task runner and webhook dispatcher ticked by hand.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openGatewayDb, openServerDb, type ServerDb } from "@waule/db/connect";
import { manualClock, randomIds } from "@waule/shared/clock";
import { buildGatewayDeps, createGatewayApp } from "../../../gateway/src/app";
import { loadGatewayConfig } from "../../../gateway/src/config";
import { midjourneyProvider } from "../../../gateway/src/providers/midjourney";
import { createProviderRegistry } from "../../../gateway/src/providers/registry";
import {
  createSandboxProvider,
  SANDBOX_MODELS,
  type SandboxVideoOptions,
} from "../../../gateway/src/providers/sandbox";
import { createServerApp } from "../../src/app";
import { buildServerDeps } from "../../src/build-deps";
import { loadServerConfig } from "../../src/config";
import type { ServerDeps } from "../../src/deps";
import { createGatewayClient } from "../../src/gateway-client/client";
import { seedMidjourneyModel } from "../../src/midjourney";
import { seedSandboxModels } from "../../src/models/catalogue";
import type { RedisConnections } from "../../src/redis/connections";
import { createTaskRunner } from "../../src/tasks";
import { createTenant } from "../../src/tenants/tenants";
import { createWebhookDispatcher } from "../../src/webhooks";

export const GATEWAY_URL = "http://gateway.test";
/** 2026-11-26T10:00:00Z */
export const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const secrets = {
  INTERNAL_SECRET: "tasks-internal-secret-0123456789abcdef0",
  JWT_SECRET: "tasks-jwt-secret-0123456789abcdef012345",
  CONFIG_ENCRYPTION_KEY: "44".repeat(32),
  URL_SIGNING_SECRET: "tasks-url-signing-secret-0123456789abcd",
  GATEWAY_ADMIN_TOKEN: "tasks-admin-token-0123456789abcdef01234",
};

export type TaskStackOptions = {
  /** Sandbox video tuning; by default 4 steps of 1 s: queued, 25, 50, 75, then done at +4 s. */
  video?: SandboxVideoOptions;
  /** Share of sandbox calls (including submits) that fail like an outage. */
  sandboxFailureRate?: number;
  serverEnv?: Record<string, string>;
  /** Each server instance's Redis connections (limits and task events shared through Redis); in-process without. */
  connectRedis?: () => Promise<RedisConnections>;
  /** Runs inside the gateway before the sandbox takes a video submit: a test may hold the provider's answer there. */
  beforeVideoSubmit?: () => Promise<void>;
  /** Sits on the wire between server and gateway: may pass a request on (`deliver`), drop its answer, or fail it. */
  network?: (request: Request, deliver: (request: Request) => Promise<Response>) => Promise<Response>;
};

type Clock = ReturnType<typeof manualClock>;

async function startGateway(dir: string, clock: Clock, options: TaskStackOptions) {
  const config = loadGatewayConfig({
    NODE_ENV: "test",
    GATEWAY_DB_URL: `file:${join(dir, "gateway.db")}`,
    STORAGE_DIR: join(dir, "storage"),
    PUBLIC_BASE_URL: GATEWAY_URL,
    ...secrets,
  });
  const db = await openGatewayDb(config.db);
  const providers = createProviderRegistry({ hasProviderKeys: async () => false });
  const sandbox = createSandboxProvider({
    latencyMs: 0,
    failureRate: options.sandboxFailureRate ?? 0,
    random: () => 0,
    video: { steps: 4, stepMs: 1_000, fps: 2, maxShortSide: 48, ...options.video },
  });
  const video = sandbox.video!;
  const gate = options.beforeVideoSubmit;
  const provider: typeof sandbox = gate
    ? {
        ...sandbox,
        video: {
          ...video,
          submit: async (input, ctx) => {
            await gate();
            return video.submit(input, ctx);
          },
        },
      }
    : sandbox;
  providers.register(provider, { models: SANDBOX_MODELS });
  providers.register(midjourneyProvider);
  const deps = await buildGatewayDeps(config, { db, clock, providers });
  const app = createGatewayApp(deps);
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: app.fetch });
  return {
    deps,
    port: server.port,
    /** Like a killed process: the listener closes and the app, engine and connection are dropped. */
    async stop() {
      await server.stop(true);
      await deps.tasks!.stop();
      db.$client.close();
    },
  };
}

async function startServer(dbUrl: string, clock: Clock, forward: typeof fetch, options: TaskStackOptions) {
  const db = await openServerDb({ url: dbUrl });
  await seedSandboxModels(db, clock.now());
  await seedMidjourneyModel(db, clock.now());
  const config = loadServerConfig({
    NODE_ENV: "test",
    GATEWAY_URL,
    GATEWAY_TIMEOUT_MS: "5000",
    ...secrets,
    ...options.serverEnv,
  });
  const gateway = createGatewayClient({
    baseUrl: GATEWAY_URL,
    secret: config.INTERNAL_SECRET,
    timeoutMs: config.GATEWAY_TIMEOUT_MS,
    clock,
    fetch: (r) => forward(r),
  });
  const redis = options.connectRedis ? await options.connectRedis() : null;
  const deps: ServerDeps = buildServerDeps({ db, gateway, clock, ids: randomIds, config }, redis);
  const app = createServerApp(deps);
  const webhooks = createWebhookDispatcher({
    db,
    clock,
    encryptionKey: config.CONFIG_ENCRYPTION_KEY,
    fetch,
    policy: { maxAttempts: 4, baseDelayMs: 5, factor: 2, maxDelayMs: 50, timeoutMs: 5_000 },
  });
  const runner = createTaskRunner(deps, { webhooks });
  return {
    app,
    deps,
    db,
    runner,
    webhooks,
    async stop() {
      await runner.stop();
      db.$client.close();
    },
  };
}

export async function startTaskStack(options: TaskStackOptions = {}) {
  const clock = manualClock(T0);
  const dir = await mkdtemp(join(tmpdir(), "waule-task-stack-"));
  const serverDbUrl = `file:${join(dir, "server.db")}`;
  let gateway: Awaited<ReturnType<typeof startGateway>> | null = await startGateway(dir, clock, options);
  /** The network between the two: the gateway's stable URL goes to whichever gateway process is up. */
  const deliver = async (request: Request) => {
    if (!gateway) throw new TypeError("fetch failed: connection refused");
    const url = new URL(request.url);
    const target = `http://127.0.0.1:${gateway.port}${url.pathname}${url.search}`;
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    return fetch(target, { method: request.method, headers: request.headers, body, signal: request.signal });
  };
  const forward = (async (input: Request | string | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    return options.network ? options.network(request, deliver) : deliver(request);
  }) as typeof fetch;
  let server = await startServer(serverDbUrl, clock, forward, options);
  const extraServers: Awaited<ReturnType<typeof startServer>>[] = [];

  const stack = {
    clock,
    get server() {
      return server;
    },
    get app() {
      return server.app;
    },
    get db(): ServerDb {
      return server.db;
    },
    get gateway() {
      return gateway;
    },
    /** Downloads a result URL the way a tenant would (the gateway's signed /files link). */
    download: (url: string) => forward(url),
    createTenant: (credits: number, name = "Acme") =>
      createTenant({ db: server.db, clock, ids: randomIds }, { name, credits }),
    /** Advances the shared clock, then runs one pass of the server's runner (which polls the gateway). */
    async step(ms: number) {
      clock.advance(ms);
      await server.runner.tick();
    },
    async stopGateway() {
      await gateway?.stop();
      gateway = null;
    },
    async startGateway() {
      gateway = await startGateway(dir, clock, options);
    },
    /** Stops the server "process" and starts a new one on the same database file. */
    async restartServer() {
      await server.stop();
      server = await startServer(serverDbUrl, clock, forward, options);
    },
    /** Another server instance on the same database (and the same Redis, when connectRedis is given). */
    async addServerInstance() {
      const extra = await startServer(serverDbUrl, clock, forward, options);
      extraServers.push(extra);
      return extra;
    },
    async stop() {
      await server.webhooks.drain();
      await server.stop();
      for (const extra of extraServers) await extra.stop();
      await gateway?.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return stack;
}

export type TaskStack = Awaited<ReturnType<typeof startTaskStack>>;

export function api(stack: TaskStack, key: string, method: string, path: string, body?: unknown) {
  return stack.app.request(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Ledger rows of one hold, in order. */
export async function ledgerOfHold(db: ServerDb, holdId: string) {
  const rs = await db.$client.execute({
    sql: "SELECT kind, amount FROM credit_ledger WHERE hold_id = ? ORDER BY seq",
    args: [holdId],
  });
  return rs.rows.map((r) => ({ kind: String(r.kind), amount: Number(r.amount) }));
}
