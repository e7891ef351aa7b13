// Chooses where one call's files go: the platform storage, or a tenant's own bucket passed with the call (never persisted).
import type { Clock } from "@waule/shared/clock";
import type { StorageTarget } from "@waule/shared/images";
import { publicOnlyRequestHandler } from "@waule/shared/public-connect";
import type { GatewayConfig } from "../config";
import { createLocalStorage } from "./local";
import { createS3Storage } from "./s3";
import type { ObjectStorage } from "./types";

/** The platform storage from config: the local directory by default, the S3 bucket when configured. */
export function createPlatformStorage(config: GatewayConfig, clock: Clock): ObjectStorage {
  if (config.storage.driver === "s3") {
    return createS3Storage({ ...config.storage.s3, ttlSeconds: config.signedUrlTtlSeconds, owner: "platform" });
  }
  return createLocalStorage({
    dir: config.storage.dir,
    publicBaseUrl: config.publicBaseUrl,
    signingSecret: config.urlSigningSecret,
    ttlSeconds: config.signedUrlTtlSeconds,
    clock,
  });
}

/**
 * A tenant's bucket is reached, unless private tenant URLs are allowed, only at public addresses judged on the
 * connection's own lookup: its endpoint was checked when it was saved, but its name may resolve elsewhere since.
 */
export function storageForTarget(
  target: StorageTarget,
  platform: ObjectStorage,
  config: Pick<GatewayConfig, "signedUrlTtlSeconds"> & Partial<Pick<GatewayConfig, "tenantUrls">>,
): ObjectStorage {
  if (target.mode === "PLATFORM") return platform;
  return createS3Storage({
    requestHandler: config.tenantUrls?.allowPrivate ? undefined : publicOnlyRequestHandler(),
    endpoint: target.endpoint,
    bucket: target.bucket,
    region: target.region,
    accessKeyId: target.accessKeyId,
    secretAccessKey: target.secretAccessKey,
    publicBaseUrl: target.publicBaseUrl,
    forcePathStyle: target.forcePathStyle,
    ttlSeconds: config.signedUrlTtlSeconds,
    owner: "custom",
  });
}
