// An in-process S3 (s3rver) on an ephemeral port with fresh buckets, for storage tests.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";

/** s3rver's built-in account; it checks the access key id (not V4 signatures). */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

export type RunningS3 = { endpoint: string; stop(): Promise<void> };

export async function startS3rver(buckets: string[]): Promise<RunningS3> {
  const directory = await mkdtemp(join(tmpdir(), "waule-s3rver-"));
  const server = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const info = await server.run();
  return {
    endpoint: `http://127.0.0.1:${info.port}`,
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
