// Builds the gateway app in-process on a temp libSQL file and temp storage dir, and signs internal calls.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openGatewayDb } from "@waule/db/connect";
import { manualClock, sequentialIds } from "@waule/shared/clock";
import { signInternalRequest } from "@waule/shared/internal-signature";
import { buildGatewayDeps, createGatewayApp, type GatewayDeps } from "../../src/app";
import { loadGatewayConfig } from "../../src/config";

export const TEST_INTERNAL_SECRET = "test-internal-secret-0123456789abcdef";
export const TEST_BASE_URL = "http://gateway.test";
/** 2026-11-26T10:00:00Z: a fixed "now" so storage prefixes and signatures are predictable. */
export const TEST_NOW = Date.UTC(2026, 10, 26, 10, 0, 0);

export async function startTestGateway(options: { env?: Record<string, string>; random?: () => number } = {}) {
  const dir = await mkdtemp(join(tmpdir(), "waule-gateway-"));
  const config = loadGatewayConfig({
    NODE_ENV: "test",
    GATEWAY_DB_URL: `file:${join(dir, "gateway.db")}`,
    STORAGE_DIR: join(dir, "storage"),
    PUBLIC_BASE_URL: TEST_BASE_URL,
    INTERNAL_SECRET: TEST_INTERNAL_SECRET,
    URL_SIGNING_SECRET: "test-url-signing-secret-0123456789abcdef",
    GATEWAY_ADMIN_TOKEN: "test-admin-token-0123456789abcdef0123",
    CONFIG_ENCRYPTION_KEY: "11".repeat(32),
    ...options.env,
  });
  const clock = manualClock(TEST_NOW);
  const db = await openGatewayDb(config.db);
  const deps: GatewayDeps = await buildGatewayDeps(config, {
    db,
    clock,
    ids: sequentialIds("f"),
    random: options.random,
  });
  const app = createGatewayApp(deps);

  /** Calls the app the way the server does: absolute URL on the public base, HMAC-signed. */
  async function signedPost(path: string, body: unknown, opts: { secret?: string; timestampMs?: number } = {}) {
    const text = JSON.stringify(body);
    const headers = signInternalRequest(opts.secret ?? TEST_INTERNAL_SECRET, {
      method: "POST",
      path,
      body: text,
      timestampMs: opts.timestampMs ?? clock.now(),
    });
    return app.request(`${TEST_BASE_URL}${path}`, {
      method: "POST",
      body: text,
      headers: { ...headers, "content-type": "application/json" },
    });
  }

  /** Follows a URL the gateway answered: its own /files links go to the app, others over the network. */
  function download(url: string) {
    return url.startsWith(TEST_BASE_URL) ? app.request(url) : fetch(url);
  }

  return {
    app,
    deps,
    config,
    clock,
    db,
    dir,
    signedPost,
    download,
    async stop() {
      db.$client.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type TestGateway = Awaited<ReturnType<typeof startTestGateway>>;
