// Proves a tenant's bucket config works before it is saved (the shared bucket probe: write, read back, delete).
import { AppError } from "@waule/shared/errors";
import { publicOnlyRequestHandler } from "@waule/shared/public-connect";
import type { HostLookup } from "@waule/shared/url-policy";
import type { CustomStorageConfig } from "./config";

export type VerifyOptions = {
  /** Production: connect only to public addresses, judged on the addresses the connection itself resolved. */
  publicOnly: boolean;
  /** The resolver behind publicOnly (tests name hosts that resolve to loopback). */
  lookup?: HostLookup;
};

export type VerifyStorage = (config: CustomStorageConfig, probeId: string, options: VerifyOptions) => Promise<void>;

/**
 * Throws a 400 naming the step that failed; the caller saves nothing then. A failure to connect at all is one generic
 * message whatever its cause (refused port, TLS, DNS, a private address): the probe is no port scanner.
 */
export const verifyCustomStorage: VerifyStorage = async (config, probeId, options) => {
  // The S3 SDK loads with the first check: most server processes never touch a tenant bucket.
  const { probeBucket } = await import("@waule/shared/s3-probe");
  const probe = await probeBucket(config, probeId, {
    requestHandler: options.publicOnly ? publicOnlyRequestHandler(options.lookup) : undefined,
    hideConnectionErrors: true,
  });
  if (!probe.ok)
    throw new AppError(
      "invalid_request",
      `storage check failed at ${probe.step} (bucket ${config.bucket}): ${probe.error}`,
      // The reason and step let the web app say it in the reader's language; the service's own text stays in `message`.
      { reason: "storage_check_failed", step: probe.step, bucket: config.bucket },
    );
};
