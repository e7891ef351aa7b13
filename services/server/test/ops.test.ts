// The ops scripts, run as real subprocesses against a temp database, and checked through the API they feed.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openServerDb, type ServerDb } from "@waule/db/connect";
import { randomIds, systemClock } from "@waule/shared/clock";
import { createServerApp } from "../src/app";
import { buildServerDeps } from "../src/build-deps";
import { loadServerConfig } from "../src/config";
import type { GatewayClient } from "../src/gateway-client/client";
import { balanceAndLedgerSum, tableCounts } from "./support/temp-db";

let dir: string;
let url: string;
let db: ServerDb;
let app: ReturnType<typeof createServerApp>;

const noGateway: GatewayClient = {
  generateImages: () => Promise.reject(new Error("not used by these tests")),
  fetchFile: () => Promise.reject(new Error("not used by these tests")),
  submitTask: () => Promise.reject(new Error("not used by these tests")),
  pollTask: () => Promise.reject(new Error("not used by these tests")),
  completeChat: () => Promise.reject(new Error("not used by these tests")),
  streamChat: () => Promise.reject(new Error("not used by these tests")),
  speechBytes: () => Promise.reject(new Error("not used by these tests")),
  speechToStorage: () => Promise.reject(new Error("not used by these tests")),
  capabilities: () => Promise.reject(new Error("not used by these tests")),
  fileLinks: () => Promise.reject(new Error("not used by these tests")),
};

async function ops(script: string, ...args: string[]) {
  const proc = Bun.spawn([process.execPath, join(import.meta.dir, "..", "src", "ops", `${script}.ts`), ...args], {
    cwd: join(import.meta.dir, ".."),
    env: { ...process.env, SERVER_DB_URL: url },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { stdout, stderr, code };
}

const me = (key: string) => app.request("/api/v1/me", { headers: { "x-api-key": key } });
const keyIn = (stdout: string) => /API key:\s+(wk_live_[A-Za-z0-9]{32})/.exec(stdout)?.[1];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "waule-ops-"));
  url = `file:${join(dir, "server.db")}`;
  db = await openServerDb({ url });
  const config = loadServerConfig({
    NODE_ENV: "test",
    INTERNAL_SECRET: "ops-internal-secret-0123456789abcdef01",
    JWT_SECRET: "ops-jwt-secret-0123456789abcdef0123456",
    CONFIG_ENCRYPTION_KEY: "33".repeat(32),
  });
  app = createServerApp(buildServerDeps({ db, gateway: noGateway, clock: systemClock, ids: randomIds, config }));
});
afterAll(async () => {
  db.$client.close();
  await rm(dir, { recursive: true, force: true });
});

describe("ops scripts", () => {
  test("create-tenant prints a working key once; recharge, add-user, create-key and revoke-key act on it", async () => {
    const created = await ops("create-tenant", "--name", "Initech", "--credits", "250");
    expect(created.code).toBe(0);
    const key = keyIn(created.stdout);
    expect(key).toBeDefined();
    const tenantId = /id:\s+(tnt_\w+)/.exec(created.stdout)![1]!;
    const res = await me(key!);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ tenant: { id: tenantId, name: "Initech", credits: 250 } });

    const recharged = await ops("recharge", "--tenant", tenantId, "--credits", "50", "--note", "invoice 12");
    expect(recharged.code).toBe(0);
    expect(recharged.stdout).toContain("balance is now 300");
    expect(await balanceAndLedgerSum(db, tenantId)).toEqual({ balance: 300, ledgerSum: 300 });
    const note = await db.$client.execute({
      sql: "SELECT note FROM credit_ledger WHERE tenant_id = ? AND kind = 'recharge' ORDER BY seq DESC",
      args: [tenantId],
    });
    expect(note.rows[0]?.note).toBe("invoice 12");

    const user = await ops(
      "add-user",
      "--tenant",
      tenantId,
      "--username",
      "peter",
      "--password",
      "tps-reports",
      "--admin",
    );
    expect(user.code).toBe(0);
    const login = await app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ apiKey: key, username: "peter", password: "tps-reports" }),
    });
    expect(login.status).toBe(200);
    const role = await db.$client.execute({
      sql: "SELECT role FROM tenant_users WHERE tenant_id = ? AND username = 'peter'",
      args: [tenantId],
    });
    expect(role.rows[0]?.role).toBe("admin");

    const second = await ops("create-key", "--tenant", tenantId, "--name", "backend");
    expect(second.code).toBe(0);
    const secondKey = keyIn(second.stdout)!;
    expect((await me(secondKey)).status).toBe(200);

    const firstKeyId = /key id:\s+(key_\w+)/.exec(created.stdout)![1]!;
    const secondKeyId = /key id:\s+(key_\w+)/.exec(second.stdout)![1]!;
    const revoked = await ops("revoke-key", "--key-id", firstKeyId);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain("revoked");
    expect((await me(key!)).status).toBe(401);
    expect((await me(secondKey)).status).toBe(200);
    // The tenant's last live key stays: the script refuses it like the APIs do.
    const last = await ops("revoke-key", "--key-id", secondKeyId);
    expect(last.code).not.toBe(0);
    expect(last.stderr).toContain("last active key");
    expect((await me(secondKey)).status).toBe(200);
  });

  test("bad input exits non-zero with a message and writes nothing", async () => {
    const before = await tableCounts(db);
    const cases: [string, string[], RegExp][] = [
      ["create-tenant", [], /--name/],
      ["create-tenant", ["--name", "X", "--credits", "lots"], /--credits/],
      ["create-tenant", ["--name", "X", "--bogus", "1"], /bogus/],
      ["recharge", ["--tenant", "tnt_missing", "--credits", "5"], /not found/],
      ["recharge", ["--tenant", "tnt_missing", "--credits", "0"], /--credits/],
      ["add-user", ["--tenant", "tnt_missing", "--username", "bob", "--password", "long enough"], /not found/],
      ["create-key", ["--tenant", "tnt_missing"], /not found/],
      ["revoke-key", [], /--key-id/],
      ["revoke-key", ["--key-id", "key_missing"], /not found/],
    ];
    for (const [script, args, message] of cases) {
      const run = await ops(script, ...args);
      expect({ script, args, code: run.code === 0 ? 0 : "non-zero" }).toEqual({ script, args, code: "non-zero" });
      expect(run.stderr).toMatch(message);
      expect(run.stdout).not.toContain("wk_live_");
    }
    expect(await tableCounts(db)).toEqual(before);
  });
});
