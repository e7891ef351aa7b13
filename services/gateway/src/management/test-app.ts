// Builds the management app over a temp database for tests, with a token and a scripted key test-call.
import { manualClock, sequentialIds } from "@waule/shared/clock";
import type { PickedKey } from "../keys/pool";
import { openTempGatewayDb, testEncryptionKey } from "../keys/temp-db";
import { createManagementApp } from "./app";
import type { ManagementDeps } from "./deps";

export const ADMIN_TOKEN = "adm_test_token_0123456789abcdef";

export async function managementTestApp(overrides: Partial<ManagementDeps> = {}) {
  const env = await openTempGatewayDb();
  const clock = manualClock(Date.parse("2026-03-10T12:00:00Z"));
  const tested: { provider: string; key: PickedKey }[] = [];
  const deps: ManagementDeps = {
    db: env.db,
    clock,
    ids: sequentialIds("id_"),
    config: { adminToken: ADMIN_TOKEN, encryptionKey: testEncryptionKey },
    testKey: async (provider, key) => {
      tested.push({ provider, key });
    },
    ...overrides,
  };
  const app = createManagementApp(deps);
  const call = (method: string, path: string, body?: unknown, token: string | null = ADMIN_TOKEN) => {
    const headers: Record<string, string> = {};
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    return app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  };
  return { app, env, clock, deps, tested, call, close: env.close };
}
