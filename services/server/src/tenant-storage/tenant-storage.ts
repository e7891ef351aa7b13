// A tenant's storage mode: PLATFORM (the gateway's bucket under tenants/<id>/) or CUSTOM (its own bucket, sealed here,
// verified before saving) — and the storage target each internal call carries, since the gateway keeps none of it.
import type { ServerDb } from "@waule/db/connect";
import { tenants } from "@waule/db/server";
import type { Clock, Ids } from "@waule/shared/clock";
import { AppError } from "@waule/shared/errors";
import type { StorageTarget } from "@waule/shared/images";
import { seal, unseal } from "@waule/shared/sealing";
import type { HostLookup } from "@waule/shared/url-policy";
import { eq } from "drizzle-orm";
import { getTenant } from "../tenants/tenants";
import { type CustomStorageConfig, customStorageConfig, maskCredential, type TenantStorageView } from "./config";
import { checkStorageEndpoint } from "./endpoint";
import { type VerifyStorage, verifyCustomStorage } from "./verify";

export type TenantStorageDeps = {
  db: ServerDb;
  clock: Clock;
  ids: Ids;
  /** NODE_ENV "production" restricts endpoints to public HTTPS hosts. */
  config: { CONFIG_ENCRYPTION_KEY: string; NODE_ENV?: string };
  /** Injected so tests of the routes can count probes; the real one talks to the bucket. */
  verify?: VerifyStorage;
  /** How the probe resolves a tenant's endpoint name in production (the system resolver unless a test says). */
  storageLookup?: HostLookup;
};

async function customConfigOf(
  encryptionKey: string,
  tenantId: string,
  sealed: string | null,
): Promise<CustomStorageConfig> {
  if (!sealed) throw new AppError("internal_error", `tenant ${tenantId} is in CUSTOM storage mode without a config`);
  return customStorageConfig.parse(JSON.parse(await unseal(encryptionKey, sealed)));
}

/**
 * The `storage` field of an internal call for this tenant. Every capability (images, chat files, speech, video)
 * calls this per request, so a change of mode applies to the next call.
 */
export async function storageTargetFor(
  deps: { db: ServerDb; config: { CONFIG_ENCRYPTION_KEY: string } },
  tenantId: string,
): Promise<StorageTarget> {
  const tenant = await getTenant(deps.db, tenantId);
  if (tenant.storageMode === "PLATFORM") return { mode: "PLATFORM" };
  return {
    mode: "CUSTOM",
    ...(await customConfigOf(deps.config.CONFIG_ENCRYPTION_KEY, tenant.id, tenant.storageConfig)),
  };
}

export async function describeTenantStorage(
  deps: Pick<TenantStorageDeps, "db" | "config">,
  tenantId: string,
): Promise<TenantStorageView> {
  const target = await storageTargetFor(deps, tenantId);
  if (target.mode === "PLATFORM") return target;
  return {
    ...target,
    accessKeyId: maskCredential(target.accessKeyId),
    secretAccessKey: maskCredential(target.secretAccessKey),
  };
}

/** Verifies the bucket with a real write/read/delete, then seals and saves it; a failed check changes nothing. */
export async function useCustomStorage(
  deps: TenantStorageDeps,
  tenantId: string,
  config: CustomStorageConfig,
): Promise<TenantStorageView> {
  const tenant = await getTenant(deps.db, tenantId);
  const production = deps.config.NODE_ENV === "production";
  checkStorageEndpoint(config.endpoint, production);
  await (deps.verify ?? verifyCustomStorage)(config, deps.ids.make("probe"), {
    publicOnly: production,
    lookup: deps.storageLookup,
  });
  const sealed = await seal(deps.config.CONFIG_ENCRYPTION_KEY, JSON.stringify(customStorageConfig.parse(config)));
  await deps.db
    .update(tenants)
    .set({ storageMode: "CUSTOM", storageConfig: sealed, updatedAt: new Date(deps.clock.now()) })
    .where(eq(tenants.id, tenant.id));
  return describeTenantStorage(deps, tenant.id);
}

/** Back to the platform bucket; the tenant's credentials are dropped, not kept around unused. */
export async function usePlatformStorage(
  deps: Pick<TenantStorageDeps, "db" | "clock">,
  tenantId: string,
): Promise<TenantStorageView> {
  const tenant = await getTenant(deps.db, tenantId);
  await deps.db
    .update(tenants)
    .set({ storageMode: "PLATFORM", storageConfig: null, updatedAt: new Date(deps.clock.now()) })
    .where(eq(tenants.id, tenant.id));
  return { mode: "PLATFORM" };
}
