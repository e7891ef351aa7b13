// The set-storage ops script as a subprocess: refuses a wrong credential (nothing saved), saves a verified bucket
// sealed under the server's key, and switches a tenant back to the platform bucket.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomIds, systemClock } from "@waule/shared/clock";
import S3rver from "s3rver";
import { storageTargetFor } from "../src/tenant-storage";
import { createTenant } from "../src/tenants/tenants";
import { openTempDb, type TempDb } from "./support/temp-db";

const secrets = {
  INTERNAL_SECRET: "setstorage-internal-secret-0123456789ab",
  JWT_SECRET: "setstorage-jwt-secret-0123456789abcdef01",
  CONFIG_ENCRYPTION_KEY: "55".repeat(32),
};
let dir: string;
let s3: S3rver;
let endpoint: string;
let db: TempDb;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "waule-set-storage-"));
  s3 = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory: dir,
    configureBuckets: [{ name: "own-bucket", configs: [] }],
  });
  endpoint = `http://127.0.0.1:${(await s3.run()).port}`;
  db = await openTempDb();
}, 30_000);
afterAll(async () => {
  await db.close();
  await s3.close();
  await rm(dir, { recursive: true, force: true });
});

async function setStorage(args: string[], secret?: string) {
  const proc = Bun.spawn([process.execPath, join(import.meta.dir, "..", "src", "ops", "set-storage.ts"), ...args], {
    cwd: join(import.meta.dir, ".."),
    env: {
      ...process.env,
      NODE_ENV: "test",
      SERVER_DB_URL: db.url,
      ...secrets,
      ...(secret === undefined ? {} : { TENANT_S3_SECRET_ACCESS_KEY: secret }),
    },
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

async function row(id: string) {
  const r = await db.db.$client.execute({
    sql: "SELECT storage_mode, storage_config FROM tenants WHERE id = ?",
    args: [id],
  });
  return { mode: r.rows[0]!.storage_mode, config: r.rows[0]!.storage_config };
}

describe("ops: set-storage.ts", () => {
  test("wrong credential → exit 1 and nothing saved; right one → CUSTOM, sealed; PLATFORM → cleared", async () => {
    const { tenant } = await createTenant({ db: db.db, clock: systemClock, ids: randomIds }, { name: "Ops Bucket Co" });
    const custom = ["--tenant", tenant.id, "--mode", "CUSTOM", "--endpoint", endpoint, "--bucket", "own-bucket"];

    const missingSecret = await setStorage([...custom, "--access-key-id", "S3RVER"]);
    expect(missingSecret.code).toBe(2);
    expect(missingSecret.stderr).toContain("TENANT_S3_SECRET_ACCESS_KEY");

    const wrong = await setStorage([...custom, "--access-key-id", "WRONGKEY"], "S3RVER");
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("storage check failed at write");
    expect(await row(tenant.id)).toEqual({ mode: "PLATFORM", config: null });

    const ok = await setStorage([...custom, "--access-key-id", "S3RVER"], "S3RVER");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("own-bucket");
    const saved = await row(tenant.id);
    expect(saved.mode).toBe("CUSTOM");
    expect(String(saved.config)).not.toContain("own-bucket");
    expect(await storageTargetFor({ db: db.db, config: secrets }, tenant.id)).toEqual({
      mode: "CUSTOM",
      endpoint,
      bucket: "own-bucket",
      region: "us-east-1",
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
      forcePathStyle: true,
    });

    const back = await setStorage(["--tenant", tenant.id, "--mode", "PLATFORM"]);
    expect(back.code).toBe(0);
    expect(await row(tenant.id)).toEqual({ mode: "PLATFORM", config: null });
  }, 60_000);
});
