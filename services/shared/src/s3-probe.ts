// Proves an S3-compatible bucket config works before anyone relies on it: a real write, read-back and delete
// of a probe object. Used by the server for tenants' own buckets and by the gateway for the platform bucket.
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3ClientConfig } from "@aws-sdk/client-s3";
import { type S3Connection, s3ClientFor, withoutSecret } from "./s3-client";

export type S3ProbeConfig = S3Connection;

export type S3ProbeStep = "write" | "read" | "delete";
export type S3ProbeResult = { ok: true } | { ok: false; step: S3ProbeStep; error: string };

const TIMEOUT_MS = 15_000;

export type S3ProbeOptions = {
  /** How connections are made: publicOnlyRequestHandler (public-connect.ts) for an endpoint a tenant named. */
  requestHandler?: S3ClientConfig["requestHandler"];
  /**
   * One message for every failure below S3 itself (refused, reset, TLS, DNS, a refused address, a timeout), so a
   * tenant cannot use the probe as a port scanner; what an S3 service answered (AccessDenied…) is still shown.
   */
  hideConnectionErrors?: boolean;
};

export const CONNECTION_FAILED =
  "could not connect to the storage endpoint (it must be a reachable, public S3 service)";

/** An error the S3 service answered, as opposed to one before or without any HTTP answer. */
function answeredByService(err: unknown): boolean {
  return typeof (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === "number";
}

/** Never throws: a failure names the step and carries the service's message with the secret masked. */
export async function probeBucket(
  config: S3ProbeConfig,
  probeId: string,
  options: S3ProbeOptions = {},
): Promise<S3ProbeResult> {
  // One probe, one try: retries would only delay the operator's answer.
  const client = s3ClientFor(config, { maxAttempts: 1, requestHandler: options.requestHandler });
  const key = `_waule-verify/${probeId}.txt`;
  const body = `waule storage probe ${probeId}`;
  const within = () => ({ abortSignal: AbortSignal.timeout(TIMEOUT_MS) });
  let step: S3ProbeStep = "write";
  try {
    await client.send(
      new PutObjectCommand({ Bucket: config.bucket, Key: key, Body: body, ContentType: "text/plain" }),
      within(),
    );
    step = "read";
    const got = await client.send(new GetObjectCommand({ Bucket: config.bucket, Key: key }), within());
    if ((await got.Body?.transformToString()) !== body)
      return { ok: false, step, error: "the probe object came back different" };
    step = "delete";
    await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: key }), within());
    return { ok: true };
  } catch (err) {
    if (options.hideConnectionErrors && !answeredByService(err)) return { ok: false, step, error: CONNECTION_FAILED };
    // The S3 error code (InvalidAccessKeyId, NoSuchBucket, AccessDenied…) is what an operator can act on.
    const message =
      err instanceof Error
        ? [err.name, err.message]
            .filter((part, i, all) => part && all.indexOf(part) === i && part !== "Error")
            .join(": ")
        : String(err);
    // Never echo a credential back, whatever the S3 service put in its message.
    return { ok: false, step, error: withoutSecret(message, config).slice(0, 300) };
  } finally {
    client.destroy();
  }
}
