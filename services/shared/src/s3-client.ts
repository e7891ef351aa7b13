// One S3 client per bucket connection (endpoint, region, path style, credentials), and the rule that a message about
// that bucket never carries its secret: the gateway's storage driver and the bucket probe both build theirs here.
import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";

export type S3Connection = {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
};

/** `maxAttempts` is the caller's: a probe tries once, a stored file is worth one retry. */
export function s3ClientFor(
  connection: S3Connection,
  options: Pick<S3ClientConfig, "maxAttempts" | "requestHandler">,
): S3Client {
  return new S3Client({
    ...options,
    endpoint: connection.endpoint,
    region: connection.region,
    forcePathStyle: connection.forcePathStyle,
    credentials: { accessKeyId: connection.accessKeyId, secretAccessKey: connection.secretAccessKey },
  });
}

/** Whatever the S3 service (or a proxy) quoted back, the message shows **** where the secret was. */
export function withoutSecret(message: string, connection: Pick<S3Connection, "secretAccessKey">): string {
  return connection.secretAccessKey ? message.replaceAll(connection.secretAccessKey, "****") : message;
}
