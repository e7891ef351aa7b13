// The gateway's Hono app, built from injected dependencies so tests run it in-process; plus the builder main.ts uses.
import { type GatewayDb, openGatewayDb } from "@waule/db/connect";
import { providerKeys } from "@waule/db/gateway";
import { type Clock, type Ids, randomIds, systemClock } from "@waule/shared/clock";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { chatRoute } from "./chat/route";
import type { GatewayConfig } from "./config";
import { gatewayBodyLimits } from "./http/body-limit";
import { notFound, onError } from "./http/errors";
import { gatewaySecureHeaders } from "./http/secure-headers";
import { imagesRoute } from "./images/route";
import { internalAuth } from "./internal-auth/middleware";
import { createSeenSignatures } from "./internal-auth/seen-signatures";
import { createKeyPool, type KeyPool } from "./keys/pool";
import { createKeyTester } from "./keys/test-call";
import { createAdminUiApp, createManagementApp } from "./management";
import { createMidjourneyTasks, midjourneyRoute } from "./midjourney";
import { loadPlatformOss, type PlatformOssConfig } from "./platform-oss/settings";
import { MIDJOURNEY_PROVIDER, verifyMidjourneyKey } from "./providers/midjourney";
import { createDefaultRegistry, type ProviderRegistry } from "./providers/registry";
import { loadSoraProxy } from "./sora-proxy/settings";
import { speechRoute } from "./speech/route";
import { filesRoute } from "./storage/files-route";
import { createS3Storage } from "./storage/s3";
import { createSwitchableStorage } from "./storage/switchable";
import { createPlatformStorage } from "./storage/targets";
import type { ObjectStorage } from "./storage/types";
import { createVideoTaskEngine, tasksRoute, type VideoTaskEngine } from "./tasks";
import { videosRoute } from "./videos/route";

export type GatewayDeps = {
  db: GatewayDb;
  /** The platform storage (PLATFORM mode); CUSTOM targets are built per call. */
  storage: ObjectStorage;
  /** Called when an operator saved new platform OSS settings through /api/platform-oss. */
  onPlatformOssChange?: (config: PlatformOssConfig) => void;
  providers: ProviderRegistry;
  clock: Clock;
  ids: Ids;
  config: GatewayConfig;
  /** Used by providers and to download upstream result URLs. */
  fetch: typeof fetch;
  /** The provider key pool, for providers that need a key. */
  keys?: KeyPool;
  /** Video tasks: the internal routes submit and poll through it; main.ts starts its background poller. */
  tasks?: VideoTaskEngine;
};

/** The engine over these deps; buildGatewayDeps makes one so main.ts and the routes share it. */
export function videoTaskEngineFor(deps: Omit<GatewayDeps, "tasks">): VideoTaskEngine {
  return createVideoTaskEngine(engineDeps(deps));
}

function engineDeps(deps: Omit<GatewayDeps, "tasks">) {
  const { config } = deps;
  return {
    ...deps,
    encryptionKey: config.encryptionKey,
    signedUrlTtlSeconds: config.signedUrlTtlSeconds,
    tenantUrls: config.tenantUrls,
  };
}

export function createGatewayApp(deps: GatewayDeps) {
  const imageDeps = { ...deps, signedUrlTtlSeconds: deps.config.signedUrlTtlSeconds };
  const tasks = deps.tasks ?? videoTaskEngineFor(deps);
  const internal = new Hono()
    .use("*", internalAuth(deps.config.internalSecret, deps.clock, createSeenSignatures(deps.db)))
    .route("/", imagesRoute(imageDeps))
    .route("/", chatRoute(deps))
    .route("/", speechRoute(imageDeps))
    .route("/", videosRoute({ tasks }))
    .route("/", midjourneyRoute({ tasks, midjourney: createMidjourneyTasks(engineDeps(deps)) }))
    .route("/", tasksRoute({ db: deps.db, tasks }));
  const app = new Hono()
    .use("*", gatewaySecureHeaders())
    // Before the internal signature check and the management API read a body: an oversized one is refused unread.
    .use("*", gatewayBodyLimits())
    .get("/health", (c) => c.json({ status: "ok" as const }))
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
        testKey: createKeyTester({
          providers: deps.providers,
          fetch: deps.fetch,
          clock: deps.clock,
          verifiers: { [MIDJOURNEY_PROVIDER]: verifyMidjourneyKey },
        }),
        // Keys only make sense for providers that take them from the pool (not the sandbox, not sora's proxy setting).
        // Midjourney is no registry provider: its keys are midjourney-proxy secrets, each with the proxy's baseUrl.
        providers: [
          ...deps.providers.names().filter((name) => deps.providers.get(name)?.requiresKey),
          MIDJOURNEY_PROVIDER,
        ],
        onPlatformOssChange: deps.onPlatformOssChange,
      }),
    )
    .route("/admin", createAdminUiApp({ apiBase: "/api", uiBase: "/admin" }));
  app.onError(onError);
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
  return { ...deps, tasks: overrides.tasks ?? videoTaskEngineFor(deps) };
}

function platformOssStorage(oss: PlatformOssConfig, config: GatewayConfig): ObjectStorage {
  return createS3Storage({ ...oss, ttlSeconds: config.signedUrlTtlSeconds, owner: "platform" });
}
