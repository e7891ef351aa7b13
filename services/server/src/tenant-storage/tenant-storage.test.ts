import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { randomIds, systemClock } from "@waule/shared/clock";
import { AppError } from "@waule/shared/errors";
import { openTempDb, type TempDb } from "../../test/support/temp-db";
import { createTenant } from "../tenants/tenants";
import type { CustomStorageConfig } from "./config";
import { describeTenantStorage, storageTargetFor, useCustomStorage, usePlatformStorage } from "./tenant-storage";

let env: TempDb;
beforeEach(async () => {
  env = await openTempDb();
});
afterEach(async () => env.close());

const config = { CONFIG_ENCRYPTION_KEY: "66".repeat(32) };
const bucket: CustomStorageConfig = {
  endpoint: "https://oss-cn-hangzhou.aliyuncs.com",
  bucket: "acme-media",
  region: "cn-hangzhou",
  accessKeyId: "LTAI5tAcmeAccessKey",
  secretAccessKey: "acme-very-secret-access-key-XYZ9",
  forcePathStyle: false,
};

async function setup() {
  const probes: { config: CustomStorageConfig; probeId: string }[] = [];
  let failing = false;
  const deps = {
    db: env.db,
    clock: systemClock,
    ids: randomIds,
    config,
    verify: async (c: CustomStorageConfig, probeId: string) => {
      probes.push({ config: c, probeId });
      if (failing)
        throw new AppError("invalid_request", "storage check failed at write (bucket acme-media): Access Denied");
    },
  };
  const a = (await createTenant(deps, { name: "A" })).tenant;
  const b = (await createTenant(deps, { name: "B" })).tenant;
  return {
    deps,
    probes,
    a,
    b,
    fail: () => {
      failing = true;
    },
  };
}

describe("tenant storage", () => {
  test("a verified config is sealed for that tenant only, read back whole by storageTargetFor, masked by describe", async () => {
    const { deps, probes, a, b } = await setup();
    const view = await useCustomStorage(deps, a.id, bucket);
    expect(probes.map((p) => p.config)).toEqual([bucket]);
    expect(view).toEqual({
      mode: "CUSTOM",
      endpoint: bucket.endpoint,
      bucket: "acme-media",
      region: "cn-hangzhou",
      forcePathStyle: false,
      accessKeyId: "LTAI****sKey",
      secretAccessKey: "acme****XYZ9",
    });
    expect(await storageTargetFor(deps, a.id)).toEqual({ mode: "CUSTOM", ...bucket });
    expect(await storageTargetFor(deps, b.id)).toEqual({ mode: "PLATFORM" });
    const raw = await env.db.$client.execute({ sql: "SELECT storage_config FROM tenants WHERE id = ?", args: [a.id] });
    expect(String(raw.rows[0]!.storage_config)).not.toContain("very-secret");
    expect(await describeTenantStorage(deps, b.id)).toEqual({ mode: "PLATFORM" });
  });

  test("a failed probe saves nothing", async () => {
    const { deps, a, fail } = await setup();
    fail();
    await expect(useCustomStorage(deps, a.id, bucket)).rejects.toThrow(/Access Denied/);
    expect(await storageTargetFor(deps, a.id)).toEqual({ mode: "PLATFORM" });
  });

  test("in production an internal endpoint is refused before any probe", async () => {
    const { deps, probes, a } = await setup();
    const production = { ...deps, config: { ...config, NODE_ENV: "production" } };
    await expect(
      useCustomStorage(production, a.id, { ...bucket, endpoint: "https://169.254.169.254" }),
    ).rejects.toMatchObject({ code: "invalid_request" });
    expect(probes).toEqual([]);
    expect(await storageTargetFor(deps, a.id)).toEqual({ mode: "PLATFORM" });
  });

  test("a config sealed under another key is refused rather than half-used", async () => {
    const { deps, a } = await setup();
    await useCustomStorage(deps, a.id, bucket);
    await expect(
      storageTargetFor({ db: env.db, config: { CONFIG_ENCRYPTION_KEY: "77".repeat(32) } }, a.id),
    ).rejects.toThrow();
  });

  test("back to PLATFORM drops the credentials; unknown tenants are 404", async () => {
    const { deps, a } = await setup();
    await useCustomStorage(deps, a.id, bucket);
    expect(await usePlatformStorage(deps, a.id)).toEqual({ mode: "PLATFORM" });
    const raw = await env.db.$client.execute({
      sql: "SELECT storage_mode, storage_config FROM tenants WHERE id = ?",
      args: [a.id],
    });
    expect([raw.rows[0]!.storage_mode, raw.rows[0]!.storage_config]).toEqual(["PLATFORM", null]);
    await expect(storageTargetFor(deps, "tnt_missing")).rejects.toMatchObject({ code: "not_found" });
  });
});
