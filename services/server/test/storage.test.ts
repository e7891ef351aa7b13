// Tenant storage modes through both real apps and s3rver with two buckets: PLATFORM files land in the platform bucket
// under tenants/<id>/, CUSTOM files in the tenant's own bucket; a wrong credential is refused at save time and
// changes nothing; the gateway keeps no copy of the tenant's config.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { openGatewayDb } from "@waule/db/connect";
import { randomIds, systemClock } from "@waule/shared/clock";
import S3rver from "s3rver";
import { buildGatewayDeps, createGatewayApp } from "../../gateway/src/app";
import { loadGatewayConfig } from "../../gateway/src/config";
import { createServerApp } from "../src/app";
import { buildServerDeps } from "../src/build-deps";
import { loadServerConfig } from "../src/config";
import { createGatewayClient } from "../src/gateway-client/client";
import { storageTargetFor } from "../src/tenant-storage";
import { createTenant } from "../src/tenants/tenants";
import { addTenantUser } from "../src/users/users";
import { openTempDb, type TempDb } from "./support/temp-db";

const S3_CREDS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
const secrets = {
  INTERNAL_SECRET: "storage-internal-secret-0123456789abcdef",
  JWT_SECRET: "storage-jwt-secret-0123456789abcdef01234",
  CONFIG_ENCRYPTION_KEY: "44".repeat(32),
  URL_SIGNING_SECRET: "storage-url-signing-secret-0123456789ab",
  GATEWAY_ADMIN_TOKEN: "storage-admin-token-0123456789abcdef012",
};

let dir: string;
let s3: S3rver;
let endpoint: string;
let s3Client: S3Client;
let server: TempDb;
let gatewayDb: Awaited<ReturnType<typeof openGatewayDb>>;
let app: ReturnType<typeof createServerApp>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "waule-tenant-storage-"));
  s3 = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory: join(dir, "s3"),
    configureBuckets: [
      { name: "platform-bucket", configs: [] },
      { name: "tenant-bucket", configs: [] },
    ],
  });
  endpoint = `http://127.0.0.1:${(await s3.run()).port}`;
  s3Client = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: { ...S3_CREDS } });

  const gatewayConfig = loadGatewayConfig({
    NODE_ENV: "test",
    GATEWAY_DB_URL: `file:${join(dir, "gateway.db")}`,
    PUBLIC_BASE_URL: "http://gateway.test",
    STORAGE_DRIVER: "s3",
    S3_ENDPOINT: endpoint,
    S3_BUCKET: "platform-bucket",
    S3_ACCESS_KEY_ID: S3_CREDS.accessKeyId,
    S3_SECRET_ACCESS_KEY: S3_CREDS.secretAccessKey,
    S3_FORCE_PATH_STYLE: "true",
    ...secrets,
  });
  gatewayDb = await openGatewayDb(gatewayConfig.db);
  const gatewayApp = createGatewayApp(await buildGatewayDeps(gatewayConfig, { db: gatewayDb }));
  server = await openTempDb();
  const config = loadServerConfig({
    NODE_ENV: "test",
    GATEWAY_URL: "http://gateway.test",
    GATEWAY_TIMEOUT_MS: "10000",
    ...secrets,
  });
  const gateway = createGatewayClient({
    baseUrl: config.GATEWAY_URL,
    secret: config.INTERNAL_SECRET,
    timeoutMs: config.GATEWAY_TIMEOUT_MS,
    clock: systemClock,
    fetch: (request: Request) => Promise.resolve(gatewayApp.request(request)),
  });
  app = createServerApp(buildServerDeps({ db: server.db, gateway, clock: systemClock, ids: randomIds, config }));
}, 30_000);

afterAll(async () => {
  s3Client.destroy();
  gatewayDb.$client.close();
  await server.close();
  await s3.close();
  await rm(dir, { recursive: true, force: true });
});

const ctx = () => ({ db: server.db, clock: systemClock, ids: randomIds });

/** A tenant with an API key, an admin user and a member, both logged in. */
async function tenantWithAdmin(name: string) {
  const { tenant, apiKey } = await createTenant(ctx(), { name, credits: 1_000 });
  await addTenantUser(ctx(), { tenantId: tenant.id, username: "boss", password: "admin password", admin: true });
  await addTenantUser(ctx(), { tenantId: tenant.id, username: "staff", password: "member password" });
  const login = async (username: string, password: string) => {
    const res = await app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ apiKey, username, password }),
    });
    return ((await res.json()) as { token: string }).token;
  };
  return {
    tenant,
    apiKey,
    adminToken: await login("boss", "admin password"),
    memberToken: await login("staff", "member password"),
  };
}

function storageCall(method: string, token: string, body?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  return app.request("/api/v1/tenant/storage", {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function generate(apiKey: string) {
  const res = await app.request("/api/v1/images/generations", {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "sandbox-image", prompt: "a tin robot", size: "64x64" }),
  });
  if (res.status !== 200) throw new Error(`images answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { data: { url: string }[] }).data[0]!.url;
}

async function keysIn(bucket: string, prefix = ""): Promise<string[]> {
  const listed = await s3Client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

async function tenantRow(id: string) {
  const r = await server.db.$client.execute({
    sql: "SELECT storage_mode, storage_config FROM tenants WHERE id = ?",
    args: [id],
  });
  return { mode: r.rows[0]!.storage_mode as string, config: r.rows[0]!.storage_config as string | null };
}

const tenantBucket = { endpoint: "", bucket: "tenant-bucket", region: "us-east-1", ...S3_CREDS, forcePathStyle: true };
const goodConfig = () => ({ ...tenantBucket, endpoint });

describe("tenant storage modes", () => {
  test("PLATFORM (the default): the file is in the platform bucket under tenants/<tenantId>/ and the answer links to it", async () => {
    const { tenant, apiKey } = await tenantWithAdmin("Platform Co");
    const url = await generate(apiKey);
    const stored = await keysIn("platform-bucket", `tenants/${tenant.id}/`);
    expect(stored).toHaveLength(1);
    expect(url).toContain(`/platform-bucket/${stored[0]}`);
    expect(await keysIn("tenant-bucket")).toEqual([]);
    const png = new Uint8Array(await (await fetch(url)).arrayBuffer());
    expect([...png.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
  });

  // The one tenant-manager rule (tenant-admin/guard.ts): the tenant's API key manages storage as a logged-in admin does.
  test("a member may not read or change storage; the API key may, as the tenant's users and keys", async () => {
    const { tenant, apiKey, memberToken } = await tenantWithAdmin("Roles Co");
    const res = await storageCall("PUT", memberToken, goodConfig());
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    expect((await storageCall("GET", memberToken)).status).toBe(403);
    expect((await storageCall("DELETE", memberToken)).status).toBe(403);
    expect(await tenantRow(tenant.id)).toEqual({ mode: "PLATFORM", config: null });
    const read = await storageCall("GET", apiKey);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ mode: "PLATFORM" });
    expect((await storageCall("PUT", apiKey, goodConfig())).status).toBe(200);
    expect((await tenantRow(tenant.id)).mode).toBe("CUSTOM");
  });

  test("a wrong credential is refused with a 400 at save time and nothing is saved", async () => {
    const { tenant, adminToken } = await tenantWithAdmin("Typo Co");
    const res = await storageCall("PUT", adminToken, {
      ...goodConfig(),
      accessKeyId: "NOT-A-KEY",
      secretAccessKey: "wrong-secret-value",
    });
    expect(res.status).toBe(400);
    const error = ((await res.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe("invalid_request");
    expect(error.message).toContain("storage check failed at write");
    expect(error.message).not.toContain("wrong-secret-value");
    expect(await tenantRow(tenant.id)).toEqual({ mode: "PLATFORM", config: null });
    // Invalid input is refused before any probe.
    expect((await storageCall("PUT", adminToken, { ...goodConfig(), endpoint: "not a url" })).status).toBe(400);
    expect(await tenantRow(tenant.id)).toEqual({ mode: "PLATFORM", config: null });
  });

  test("CUSTOM: saved sealed after a real probe, shown masked, files go to the tenant's bucket; the gateway keeps no copy", async () => {
    const { tenant, apiKey, adminToken } = await tenantWithAdmin("Own Bucket Co");
    const saved = await storageCall("PUT", adminToken, goodConfig());
    expect(saved.status).toBe(200);
    // s3rver's credential is short, so it is masked entirely.
    const view = {
      mode: "CUSTOM",
      endpoint,
      bucket: "tenant-bucket",
      region: "us-east-1",
      forcePathStyle: true,
      accessKeyId: "****",
      secretAccessKey: "****",
    };
    expect(await saved.json()).toEqual(view);
    expect(await (await storageCall("GET", adminToken)).json()).toEqual(view);
    // The probe cleaned up after itself.
    expect(await keysIn("tenant-bucket", "_waule-verify/")).toEqual([]);

    const row = await tenantRow(tenant.id);
    expect(row.mode).toBe("CUSTOM");
    expect(row.config!.startsWith("v1.")).toBe(true);
    expect(row.config).not.toContain("tenant-bucket");
    expect(row.config).not.toContain("S3RVER");
    expect(
      await storageTargetFor(
        { db: server.db, config: { CONFIG_ENCRYPTION_KEY: secrets.CONFIG_ENCRYPTION_KEY } },
        tenant.id,
      ),
    ).toEqual({ mode: "CUSTOM", ...goodConfig() });

    const platformBefore = await keysIn("platform-bucket");
    const url = await generate(apiKey);
    const stored = await keysIn("tenant-bucket", `tenants/${tenant.id}/`);
    expect(stored).toHaveLength(1);
    expect(url).toContain(`/tenant-bucket/${stored[0]}`);
    expect(await keysIn("platform-bucket")).toEqual(platformBefore);
    // History signs its link again when read, in the tenant's own bucket (the target travels with the signing call):
    // the link stored at creation is replaced by a dead one here, so only a fresh signature can answer a working link.
    await server.db.$client.execute({
      sql: "UPDATE usage_records SET metadata = json_set(metadata, '$.files[0].url', 'https://expired.invalid/x') WHERE tenant_id = ?",
      args: [tenant.id],
    });
    const history = (await (
      await app.request("/api/v1/usage", { headers: { authorization: `Bearer ${apiKey}` } })
    ).json()) as { data: { results: { url: string }[] }[] };
    const relinked = history.data[0]?.results[0]?.url ?? "";
    expect(relinked).toContain(`/tenant-bucket/${stored[0]}`);
    expect((await fetch(relinked)).status).toBe(200);

    const gatewayTables = await gatewayDb.$client.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
    let dump = "";
    for (const t of gatewayTables.rows)
      dump += JSON.stringify((await gatewayDb.$client.execute(`SELECT * FROM "${String(t.name)}"`)).rows);
    expect(dump).not.toContain("tenant-bucket");
    expect(dump).not.toContain(endpoint);
  });

  test("a wrong credential on an already CUSTOM tenant leaves the saved config exactly as it was; DELETE returns to PLATFORM", async () => {
    const { tenant, apiKey, adminToken } = await tenantWithAdmin("Switch Co");
    expect((await storageCall("PUT", adminToken, goodConfig())).status).toBe(200);
    const before = await tenantRow(tenant.id);
    const bad = await storageCall("PUT", adminToken, {
      ...goodConfig(),
      bucket: "tenant-bucket",
      accessKeyId: "WRONG",
    });
    expect(bad.status).toBe(400);
    expect(await tenantRow(tenant.id)).toEqual(before);
    const missingBucket = await storageCall("PUT", adminToken, { ...goodConfig(), bucket: "no-such-bucket" });
    expect(missingBucket.status).toBe(400);
    expect(await tenantRow(tenant.id)).toEqual(before);

    const cleared = await storageCall("DELETE", adminToken);
    expect(await cleared.json()).toEqual({ mode: "PLATFORM" });
    expect(await tenantRow(tenant.id)).toEqual({ mode: "PLATFORM", config: null });
    await generate(apiKey);
    expect(await keysIn("platform-bucket", `tenants/${tenant.id}/`)).toHaveLength(1);
    expect(await keysIn("tenant-bucket", `tenants/${tenant.id}/`)).toEqual([]);
  });
});
