// Platform OSS saved through /api/platform-oss takes effect in the running gateway (next image lands in the bucket),
// files stored locally before stay downloadable, and a restarted gateway starts on the saved bucket.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { internalImageResponse } from "@waule/shared/images";
import { signInternalRequest } from "@waule/shared/internal-signature";
import { buildGatewayDeps, createGatewayApp } from "../src/app";
import { startTestGateway, TEST_BASE_URL, type TestGateway } from "./support/gateway";
import { type RunningS3, S3RVER_CREDENTIALS, startS3rver } from "./support/s3rver";

const ADMIN_TOKEN = "test-admin-token-0123456789abcdef0123";
let s3: RunningS3;
let gw: TestGateway;
let s3Client: S3Client;

beforeAll(async () => {
  s3 = await startS3rver(["oss-bucket"]);
  gw = await startTestGateway({ env: { GATEWAY_ADMIN_TOKEN: ADMIN_TOKEN } });
  s3Client = new S3Client({
    endpoint: s3.endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { ...S3RVER_CREDENTIALS },
  });
}, 30_000);
afterAll(async () => {
  s3Client.destroy();
  await gw.stop();
  await s3.stop();
});

const image = (requestId: string) => ({
  tenantId: "tenant_oss",
  requestId,
  model: "sandbox-image",
  prompt: "a quiet harbour",
  n: 1,
  width: 64,
  height: 64,
});

async function bucketKeys(): Promise<string[]> {
  const listed = await s3Client.send(new ListObjectsV2Command({ Bucket: "oss-bucket", Prefix: "tenants/" }));
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

describe("platform OSS through the management API", () => {
  test("saving it moves new files to the bucket at once; old local links keep working; a restart keeps the bucket", async () => {
    const before = internalImageResponse.parse(
      await (await gw.signedPost("/internal/v1/images/generations", image("req-oss-1"))).json(),
    );
    expect(before.images[0]!.url.startsWith(`${TEST_BASE_URL}/files/`)).toBe(true);

    const saved = await gw.app.request(`${TEST_BASE_URL}/api/platform-oss`, {
      method: "PUT",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        endpoint: s3.endpoint,
        bucket: "oss-bucket",
        region: "us-east-1",
        ...S3RVER_CREDENTIALS,
        forcePathStyle: true,
      }),
    });
    expect(saved.status).toBe(200);

    const after = internalImageResponse.parse(
      await (await gw.signedPost("/internal/v1/images/generations", image("req-oss-2"))).json(),
    );
    expect(after.images[0]!.url.startsWith(s3.endpoint)).toBe(true);
    expect(await bucketKeys()).toEqual([after.images[0]!.key]);
    const fromBucket = new Uint8Array(await (await fetch(after.images[0]!.url)).arrayBuffer());
    expect([...fromBucket.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]);

    const old = await gw.download(before.images[0]!.url);
    expect(old.status).toBe(200);
    expect(old.headers.get("content-type")).toBe("image/png");

    // A second gateway on the same database (as after a restart) writes to the saved bucket from its first call.
    const restarted = createGatewayApp(
      await buildGatewayDeps(gw.config, {
        db: gw.db,
        clock: gw.clock,
        ids: { make: (prefix) => `${prefix}_restarted1` },
      }),
    );
    const body = JSON.stringify(image("req-oss-3"));
    const headers = signInternalRequest(gw.config.internalSecret, {
      method: "POST",
      path: "/internal/v1/images/generations",
      body,
      timestampMs: gw.clock.now(),
    });
    const res = await restarted.request(`${TEST_BASE_URL}/internal/v1/images/generations`, {
      method: "POST",
      body,
      headers: { ...headers, "content-type": "application/json" },
    });
    const third = internalImageResponse.parse(await res.json());
    expect(third.images[0]!.url.startsWith(s3.endpoint)).toBe(true);
    expect(await bucketKeys()).toContain(third.images[0]!.key);
  }, 30_000);
});
