// Both services in-process: the real gateway app (sandbox provider, local storage) and the server app calling it.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Clock, randomIds, systemClock } from "@waule/shared/clock";
import { buildGatewayDeps, createGatewayApp, type GatewayDeps } from "../../../gateway/src/app";
import { loadGatewayConfig } from "../../../gateway/src/config";
import { createServerApp } from "../../src/app";
import { buildServerDeps } from "../../src/build-deps";
import { loadServerConfig } from "../../src/config";
import { createGatewayClient, type GatewayClient } from "../../src/gateway-client/client";
import type { RedisConnections } from "../../src/redis/connections";
import { createTenant } from "../../src/tenants/tenants";
import { openTempDb } from "./temp-db";

export const GATEWAY_BASE_URL = "http://gateway.test";
const secrets = {
  INTERNAL_SECRET: "stack-internal-secret-0123456789abcdef",
  JWT_SECRET: "stack-jwt-secret-0123456789abcdef012345",
  CONFIG_ENCRYPTION_KEY: "22".repeat(32),
  URL_SIGNING_SECRET: "stack-url-signing-secret-0123456789abcd",
  GATEWAY_ADMIN_TOKEN: "stack-admin-token-0123456789abcdef01234",
};

export type StackOptions = {
  /** The gateway's sandbox failure rate (1 = every provider call fails). */
  sandboxFailureRate?: number;
  /** Replace parts of the gateway's dependencies (e.g. a provider registry with a gated sandbox). */
  gatewayOverrides?: Partial<GatewayDeps>;
  /** Point the server at this URL over real HTTP instead of the in-process gateway. */
  gatewayUrl?: string;
  /** Replace the gateway client entirely. */
  gateway?: GatewayClient;
  /** Wrap the real gateway client (to pause, count or trim its answers). */
  wrapGateway?: (real: GatewayClient) => GatewayClient;
  /** Sign the server's calls with this secret instead of the one the gateway knows. */
  serverInternalSecret?: string;
  clock?: Clock;
  /** Keep limits and task events in Redis (as with REDIS_URL) instead of in this process. */
  redis?: RedisConnections;
  /** Extra server environment (e.g. TENANT_RPM), parsed like the real one. */
  serverEnv?: Record<string, string>;
};

export async function startStack(options: StackOptions = {}) {
  const clock = options.clock ?? systemClock;
  const server = await openTempDb();
  const gatewayDir = await mkdtemp(join(tmpdir(), "waule-stack-gateway-"));
  const gatewayConfig = loadGatewayConfig({
    NODE_ENV: "test",
    GATEWAY_DB_URL: `file:${join(gatewayDir, "gateway.db")}`,
    STORAGE_DIR: join(gatewayDir, "storage"),
    PUBLIC_BASE_URL: GATEWAY_BASE_URL,
    SANDBOX_FAILURE_RATE: String(options.sandboxFailureRate ?? 0),
    ...secrets,
  });
  const gatewayDeps = await buildGatewayDeps(gatewayConfig, { clock, ...options.gatewayOverrides });
  const gatewayApp = createGatewayApp(gatewayDeps);
  /** Routes gateway URLs into the in-process app, as the network would. */
  const gatewayFetch = (request: Request) => Promise.resolve(gatewayApp.request(request));

  const config = loadServerConfig({
    NODE_ENV: "test",
    GATEWAY_URL: options.gatewayUrl ?? GATEWAY_BASE_URL,
    GATEWAY_TIMEOUT_MS: "5000",
    ...secrets,
    ...options.serverEnv,
  });
  const realGateway =
    options.gateway ??
    createGatewayClient({
      baseUrl: config.GATEWAY_URL,
      secret: options.serverInternalSecret ?? config.INTERNAL_SECRET,
      timeoutMs: config.GATEWAY_TIMEOUT_MS,
      clock,
      fetch: options.gatewayUrl ? undefined : gatewayFetch,
    });
  const gateway = options.wrapGateway ? options.wrapGateway(realGateway) : realGateway;
  const deps = buildServerDeps({ db: server.db, gateway, clock, ids: randomIds, config }, options.redis);
  const app = createServerApp(deps);

  return {
    app,
    deps,
    db: server.db,
    /** The server database's URL, for a second instance on the same file. */
    dbUrl: server.url,
    config,
    gatewayApp,
    /** The gateway's own database (request_log, provider keys), to check what it recorded. */
    gatewayDb: gatewayDeps.db,
    storageDir: join(gatewayDir, "storage"),
    /** Fetches a URL the gateway answered (its signed /files links). */
    download: (url: string) => gatewayFetch(new Request(url)),
    createTenant: (credits: number, name = "Acme") =>
      createTenant({ db: server.db, clock, ids: randomIds }, { name, credits }),
    async stop() {
      gatewayDeps.db.$client.close();
      await server.close();
      await rm(gatewayDir, { recursive: true, force: true });
    },
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

/** POST /api/v1/images/generations with a tenant key. */
export function postImages(stack: Stack, key: string, body: unknown, headers: Record<string, string> = {}) {
  return stack.app.request("/api/v1/images/generations", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}
