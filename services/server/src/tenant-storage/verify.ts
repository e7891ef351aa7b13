// Proves a tenant's bucket config works before it is saved (the shared bucket probe: write, read back, delete).
import { AppError } from "@waule/shared/errors";
import { probeBucket } from "@waule/shared/s3-probe";
import type { CustomStorageConfig } from "./config";

export type VerifyStorage = (config: CustomStorageConfig, probeId: string) => Promise<void>;

/** Throws a 400 naming the step that failed; the caller saves nothing then. */
export const verifyCustomStorage: VerifyStorage = async (config, probeId) => {
  const probe = await probeBucket(config, probeId);
  if (!probe.ok)
    throw new AppError(
      "invalid_request",
      `storage check failed at ${probe.step} (bucket ${config.bucket}): ${probe.error}`,
      // The reason and step let the web app say it in the reader's language; the service's own text stays in `message`.
      { reason: "storage_check_failed", step: probe.step, bucket: config.bucket },
    );
};
