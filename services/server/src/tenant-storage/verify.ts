// Proves a tenant's bucket config works before it is saved: a real write, read-back and delete of a probe object.
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { AppError } from "@waule/shared/errors";
import type { CustomStorageConfig } from "./config";

export type VerifyStorage = (config: CustomStorageConfig, probeId: string) => Promise<void>;

const TIMEOUT_MS = 15_000;

/** Throws a 400 naming the step that failed; the caller saves nothing then. */
export const verifyCustomStorage: VerifyStorage = async (config, probeId) => {
  const client = new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    // One probe, one try: retries would only delay the operator's answer.
    maxAttempts: 1,
  });
  const key = `_waule-verify/${probeId}.txt`;
  const body = `waule storage probe ${probeId}`;
  let step: "write" | "read" | "delete" = "write";
  try {
    await client.send(new PutObjectCommand({ Bucket: config.bucket, Key: key, Body: body, ContentType: "text/plain" }), { abortSignal: AbortSignal.timeout(TIMEOUT_MS) });
    step = "read";
    const got = await client.send(new GetObjectCommand({ Bucket: config.bucket, Key: key }), { abortSignal: AbortSignal.timeout(TIMEOUT_MS) });
    const back = await got.Body?.transformToString();
    if (back !== body) throw new Error("the probe object came back different");
    step = "delete";
    await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: key }), { abortSignal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    const message = err instanceof Error ? err.message || err.name : String(err);
    // Never echo a credential back, whatever the S3 service put in its message.
    const safe = message.replaceAll(config.secretAccessKey, "****").slice(0, 300);
    throw new AppError("invalid_request", `storage check failed at ${step} (bucket ${config.bucket}): ${safe}`);
  } finally {
    client.destroy();
  }
};
