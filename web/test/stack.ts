// The whole platform for browser tests, on real ports: gateway (sandbox provider, local storage) and server + built web app on one origin.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { randomIds, systemClock } from "@waule/shared/clock";
import { Hono } from "hono";
import type { Browser } from "playwright-core";
import { openServerDb } from "../../db/src/connect";
import { buildGatewayDeps, createGatewayApp } from "../../services/gateway/src/app";
import { loadGatewayConfig } from "../../services/gateway/src/config";
import type { ProviderRegistry } from "../../services/gateway/src/providers/registry";
import { createAdmin } from "../../services/server/src/admin/admins";
import { createServerApp } from "../../services/server/src/app";
import { buildServerDeps } from "../../services/server/src/build-deps";
import { loadServerConfig } from "../../services/server/src/config";
import { createGatewayClient } from "../../services/server/src/gateway-client/client";
import { seedSandboxModels } from "../../services/server/src/models/catalogue";
import { createTaskRunner } from "../../services/server/src/tasks";
import { createTenant } from "../../services/server/src/tenants/tenants";
import { addTenantUser } from "../../services/server/src/users/users";
import { webStatic } from "../serve";
import { launchChromium } from "./chromium";

const webRoot = resolve(import.meta.dir, "..");

const secrets = {
  INTERNAL_SECRET: "browser-internal-secret-0123456789abcdef",
  JWT_SECRET: "browser-jwt-secret-0123456789abcdef012345",
  CONFIG_ENCRYPTION_KEY: "33".repeat(32),
  URL_SIGNING_SECRET: "browser-url-signing-secret-0123456789abc",
  GATEWAY_ADMIN_TOKEN: "browser-admin-token-0123456789abcdef0123",
};

/** Builds the current web sources with Vite into `outDir`, so the test never runs a stale web/dist. */
export async function buildWeb(outDir: string): Promise<void> {
  const proc = Bun.spawn(
    [process.execPath, "x", "vite", "build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"],
    {
      cwd: webRoot,
      stdout: "pipe",
      stderr: "pipe",
    },
  );
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`vite build failed (${code}):\n${out}${err}`);
}

export type PlatformOptions = {
  /** The gateway's providers (default: the configured registry, i.e. the sandbox). */
  providers?: ProviderRegistry;
};

export async function startPlatform(options: PlatformOptions = {}) {
  const dir = await mkdtemp(join(tmpdir(), "waule-browser-"));
  const distDir = join(dir, "dist");
  await buildWeb(distDir);

  // The gateway's public URL goes into every image link, so its port must be known before its config is built.
  let gatewayFetch: (req: Request) => Response | Promise<Response> = () => new Response("starting", { status: 503 });
  const gatewayServer = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req) => gatewayFetch(req) });
  const gatewayUrl = `http://127.0.0.1:${gatewayServer.port}`;
  const gatewayConfig = loadGatewayConfig({
    NODE_ENV: "test",
    GATEWAY_DB_URL: `file:${join(dir, "gateway.db")}`,
    STORAGE_DIR: join(dir, "storage"),
    PUBLIC_BASE_URL: gatewayUrl,
    ...secrets,
  });
  const gatewayDeps = await buildGatewayDeps(gatewayConfig, options.providers ? { providers: options.providers } : {});
  gatewayFetch = createGatewayApp(gatewayDeps).fetch;

  const db = await openServerDb({ url: `file:${join(dir, "server.db")}` });
  await seedSandboxModels(db, systemClock.now());
  const config = loadServerConfig({
    NODE_ENV: "test",
    GATEWAY_URL: gatewayUrl,
    GATEWAY_TIMEOUT_MS: "20000",
    ...secrets,
  });
  const gateway = createGatewayClient({
    baseUrl: gatewayUrl,
    secret: config.INTERNAL_SECRET,
    timeoutMs: config.GATEWAY_TIMEOUT_MS,
    clock: systemClock,
  });
  // One deps object for the app and the task runner, so task events reach the SSE streams the pages hold.
  const deps = buildServerDeps({ db, gateway, clock: systemClock, ids: randomIds, config });
  const serverApp = createServerApp(deps);
  // Both pollers run as in production (main.ts of each service), quick enough that a sandbox video ends in seconds.
  gatewayDeps.tasks?.start();
  const runner = createTaskRunner(deps, { intervalMs: 250 });
  runner.start();

  // How production is meant to serve the app: the API and the built SPA on one origin (see web/serve.ts).
  const site = new Hono();
  site.use("*", webStatic(distDir));
  site.all("*", (c) => serverApp.fetch(c.req.raw));
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: site.fetch });

  return {
    url: `http://127.0.0.1:${server.port}`,
    gatewayUrl,
    /** For the gateway's management API (/api/provider-keys, /api/discord-accounts), as an operator would call it. */
    gatewayAdminToken: secrets.GATEWAY_ADMIN_TOKEN,
    /** The gateway's link-signing secret, to make a stored link as it was signed long ago. */
    urlSigningSecret: secrets.URL_SIGNING_SECRET,
    db,
    async createTenantWithUser(input: { name: string; credits: number; username: string; password: string }) {
      const ctx = { db, clock: systemClock, ids: randomIds };
      const created = await createTenant(ctx, { name: input.name, credits: input.credits });
      await addTenantUser(ctx, { tenantId: created.tenant.id, username: input.username, password: input.password });
      return created;
    },
    /** The balance as stored, to check the page against the database rather than against itself. */
    async balance(tenantId: string): Promise<number> {
      const rs = await db.$client.execute({ sql: "SELECT credits FROM tenants WHERE id = ?", args: [tenantId] });
      return Number(rs.rows[0]?.credits);
    },
    /** Holds still open for the tenant: a stream the client left is settled by the server shortly after. */
    async openHolds(tenantId: string): Promise<number> {
      const rs = await db.$client.execute({
        sql: "SELECT COUNT(*) AS n FROM credit_holds WHERE tenant_id = ? AND status = 'held'",
        args: [tenantId],
      });
      return Number(rs.rows[0]?.n);
    },
    async stop() {
      await runner.stop();
      await gatewayDeps.tasks?.stop();
      await server.stop(true);
      await gatewayServer.stop(true);
      gatewayDeps.db.$client.close();
      db.$client.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type Platform = Awaited<ReturnType<typeof startPlatform>>;

/**
 * What most browser test files start with: the platform, an operator account when they sign in to the console, and
 * Chromium. `closeBrowserPlatform` stops both after the file's tests (either may be missing if the start failed).
 */
export async function openBrowserPlatform(
  options: { operator?: { username: string; password: string } } = {},
): Promise<{ platform: Platform; browser: Browser }> {
  const platform = await startPlatform();
  if (options.operator)
    await createAdmin({ db: platform.db, clock: systemClock, ids: randomIds }, { ...options.operator, role: "owner" });
  return { platform, browser: await launchChromium() };
}

export async function closeBrowserPlatform(
  platform: Platform | undefined,
  browser: Browser | undefined,
): Promise<void> {
  await browser?.close();
  await platform?.stop();
}
