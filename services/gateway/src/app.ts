// The gateway's Hono app, built from injected dependencies so tests run it in-process; plus the builder main.ts uses.
import { openGatewayDb } from "@waule/db/connect";
import { providerKeys } from "@waule/db/gateway";
import { randomIds, systemClock } from "@waule/shared/clock";
import { notFound, onErrorFor } from "@waule/shared/http-errors";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import type { CallContext } from "./calls/context";
import { capabilitiesRoute } from "./capabilities/route";
import { chatRoute } from "./chat/route";
import type { GatewayConfig } from "./config";
import { gatewayBodyLimits } from "./http/body-limit";
import { gatewaySecureHeaders } from "./http/secure-headers";
import { imagesRoute } from "./images/route";
import { internalAuth } from "./internal-auth/middleware";
import { createSeenSignatures } from "./internal-auth/seen-signatures";
import { createKeyPool } from "./keys/pool";
import { createKeyTester } from "./keys/test-call";
import { createAdminUiApp, createManagementApp } from "./management";
import { createGatewayMetrics } from "./metrics/gateway-metrics";
import { loadPlatformOss, type PlatformOssConfig } from "./platform-oss/settings";
import { createDefaultRegistry } from "./providers/registry";
import { loadSoraProxy } from "./sora-proxy/settings";
import { speechRoute } from "./speech/route";
import { filesRoute } from "./storage/files-route";
import { fileLinksRoute } from "./storage/links-route";
import { createS3Storage } from "./storage/s3";
import { createSwitchableStorage } from "./storage/switchable";
import { createPlatformStorage } from "./storage/targets";
import type { ObjectStorage } from "./storage/types";
import { createTaskEngine, type TaskEngine, tasksRoute } from "./tasks";
import { taskKinds } from "./tasks/kinds";

/** Everything a provider call needs (CallContext), plus what only the app and main.ts use. */
export type GatewayDeps = CallContext & {
  config: GatewayConfig;
  /** Called when an operator saved new platform OSS settings through /api/platform-oss. */
  onPlatformOssChange?: (config: PlatformOssConfig) => void;
  /** Tasks of every kind: the kinds' routes accept through it, main.ts starts its background poller. */
  tasks?: TaskEngine;
};

/** The engine over these deps and the table of kinds; buildGatewayDeps makes one so main.ts and the routes share it. */
export function taskEngineFor(deps: CallContext): TaskEngine {
  return createTaskEngine(deps, taskKinds);
}

export function createGatewayApp(gatewayDeps: GatewayDeps) {
  const metrics = createGatewayMetrics(gatewayDeps);
  // Every route's upstream calls report their latency to this app's /metrics.
  const deps: GatewayDeps = { ...gatewayDeps, metrics };
  const tasks = deps.tasks ?? taskEngineFor(deps);
  const internal = new Hono()
    .use("*", internalAuth(deps.config.internalSecret, deps.clock, createSeenSignatures(deps.db)))
    .route("/", imagesRoute(deps))
    .route("/", chatRoute(deps))
    .route("/", speechRoute(deps))
    .route("/", capabilitiesRoute(deps))
    .route("/", fileLinksRoute(deps));
  for (const kind of taskKinds) internal.route("/", kind.routes({ ...deps, tasks }));
  internal.route("/", tasksRoute({ db: deps.db, tasks }));
  const app = new Hono()
    .use("*", metrics.observeRequests)
    .use("*", gatewaySecureHeaders())
    // Before the internal signature check and the management API read a body: an oversized one is refused unread.
    .use("*", gatewayBodyLimits())
    .get("/health", (c) => c.json({ status: "ok" as const }))
    .get("/metrics", (c) => metrics.serveMetrics(c))
    .route("/internal", internal)
    .route(
      "/files",
      filesRoute({ storage: deps.storage, signingSecret: deps.config.urlSigningSecret, clock: deps.clock }),
    )
    // Gateway admin: its own token (never the internal secret), its own error handling.
    .route(
      "/api",
      createManagementApp({
        db: deps.db,
        clock: deps.clock,
        ids: deps.ids,
        config: { adminToken: deps.config.adminToken, encryptionKey: deps.config.encryptionKey },
        testKey: createKeyTester({ providers: deps.providers, fetch: deps.fetch, clock: deps.clock }),
        // Keys only make sense for providers that take them from the pool (not the sandbox, not sora's proxy setting).
        providers: deps.providers.names().filter((name) => deps.providers.get(name)?.requiresKey),
        onPlatformOssChange: deps.onPlatformOssChange,
      }),
    )
    .route("/admin", createAdminUiApp({ apiBase: "/api", uiBase: "/admin", consoleUrl: deps.config.consoleUrl }));
  app.onError(onErrorFor("gateway"));
  app.notFound(notFound);
  return app;
}

export type GatewayApp = ReturnType<typeof createGatewayApp>;

/** Opens the database and builds the real dependencies from config; `overrides` let tests swap any part. */
export async function buildGatewayDeps(
  config: GatewayConfig,
  overrides: Partial<GatewayDeps> & { random?: () => number } = {},
): Promise<GatewayDeps> {
  const db = overrides.db ?? (await openGatewayDb(config.db));
  const clock = overrides.clock ?? systemClock;
  const providers =
    overrides.providers ??
    createDefaultRegistry({
      sandbox: { ...config.sandbox, random: overrides.random },
      hasProviderKeys: async () =>
        (await db.select({ id: providerKeys.id }).from(providerKeys).where(eq(providerKeys.enabled, true)).limit(1))
          .length > 0,
      soraProxy: () => loadSoraProxy({ db, encryptionKey: config.encryptionKey }),
    });
  // Platform OSS saved through the management API wins over the environment's storage, now and after restarts.
  const storage = createSwitchableStorage(overrides.storage ?? createPlatformStorage(config, clock));
  const storedOss = await loadPlatformOss({ db, encryptionKey: config.encryptionKey });
  if (storedOss) storage.use(platformOssStorage(storedOss, config));
  const deps: GatewayDeps = {
    db,
    storage,
    onPlatformOssChange: (oss) => storage.use(platformOssStorage(oss, config)),
    providers,
    clock,
    ids: overrides.ids ?? randomIds,
    config,
    fetch: overrides.fetch ?? fetch,
    keys:
      overrides.keys ??
      createKeyPool({
        db,
        clock,
        random: overrides.random ?? Math.random,
        config: { encryptionKey: config.encryptionKey },
      }),
  };
  return { ...deps, tasks: overrides.tasks ?? taskEngineFor(deps) };
}

function platformOssStorage(oss: PlatformOssConfig, config: GatewayConfig): ObjectStorage {
  return createS3Storage({ ...oss, ttlSeconds: config.signedUrlTtlSeconds, owner: "platform" });
}
