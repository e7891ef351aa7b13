// The S3-compatible storage driver (Aliyun OSS, R2, MinIO, s3rver), for the platform bucket or a tenant's own.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3ClientConfig,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { AppError } from "@waule/shared/errors";
import { type S3Connection, s3ClientFor, withoutSecret } from "@waule/shared/s3-client";
import { isSafeKey } from "./keys";
import type { ObjectStorage } from "./types";

export type S3StorageOptions = S3Connection & {
  /** When set, the bucket is public: URLs are this base + key, never presigned. */
  publicBaseUrl?: string;
  /** Lifetime of presigned GET URLs; S3 caps presigning at 7 days. */
  ttlSeconds: number;
  /** "custom" errors blame the tenant's configuration; "platform" errors are ours. */
  owner: "platform" | "custom";
  /** How connections are made (publicOnlyRequestHandler for a tenant's bucket); the SDK's default otherwise. */
  requestHandler?: S3ClientConfig["requestHandler"];
};

const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

export function createS3Storage(options: S3StorageOptions): ObjectStorage {
  // A bad custom endpoint should fail the call quickly rather than hang the tenant's request.
  const client = s3ClientFor(options, { maxAttempts: 2, requestHandler: options.requestHandler });
  const Bucket = options.bucket;

  function checkKey(key: string): void {
    if (!isSafeKey(key)) throw new AppError("invalid_request", `unsafe storage key: ${key}`);
  }

  async function urlFor(key: string): Promise<string> {
    checkKey(key);
    if (options.publicBaseUrl) return `${options.publicBaseUrl.replace(/\/+$/, "")}/${key}`;
    return getSignedUrl(client, new GetObjectCommand({ Bucket, Key: key }), {
      expiresIn: Math.min(options.ttlSeconds, MAX_PRESIGN_SECONDS),
    });
  }

  return {
    async put(key, data, mimeType) {
      checkKey(key);
      try {
        await client.send(
          new PutObjectCommand({ Bucket, Key: key, Body: data, ContentType: mimeType, ContentLength: data.byteLength }),
        );
      } catch (err) {
        throw storageError(err, options, "upload");
      }
      return { key, url: await urlFor(key), bytes: data.byteLength, mimeType };
    },
    async get(key) {
      checkKey(key);
      try {
        const out = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        if (!out.Body) return null;
        return { data: await out.Body.transformToByteArray(), mimeType: out.ContentType ?? "application/octet-stream" };
      } catch (err) {
        if (err instanceof S3ServiceException && (err.name === "NoSuchKey" || err.$metadata.httpStatusCode === 404))
          return null;
        throw storageError(err, options, "download");
      }
    },
    async delete(key) {
      checkKey(key);
      try {
        await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
      } catch (err) {
        throw storageError(err, options, "delete");
      }
    },
    urlFor,
  };
}

/** A tenant's bucket refusing us is the tenant's configuration problem (4xx); ours failing is an outage (5xx). */
function storageError(err: unknown, options: S3StorageOptions, action: string): AppError {
  const error = describeStorageError(err, options, action);
  // The message reaches the admin UI and callers; whatever the S3 service (or a proxy) quoted back, never the secret.
  error.message = withoutSecret(error.message, options);
  return error;
}

function describeStorageError(err: unknown, options: S3StorageOptions, action: string): AppError {
  const where = options.owner === "custom" ? `custom storage (bucket ${options.bucket})` : "platform storage";
  if (err instanceof S3ServiceException) {
    const status = err.$metadata.httpStatusCode ?? 0;
    const message = `${where} rejected the ${action}: ${err.name}${err.message && err.message !== err.name ? ` (${err.message})` : ""}`;
    const details = { storage: options.owner, s3Code: err.name, s3Status: status };
    if (options.owner === "custom" && status >= 400 && status < 500)
      return new AppError("invalid_request", message, details);
    return new AppError(options.owner === "custom" ? "upstream_unavailable" : "internal_error", message, details);
  }
  const reason = err instanceof Error ? err.message : String(err);
  return new AppError(
    options.owner === "custom" ? "upstream_unavailable" : "internal_error",
    `${where} unreachable during ${action}: ${reason}`,
    {
      storage: options.owner,
    },
  );
}
