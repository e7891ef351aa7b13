// Provider results land in object storage, not as provider links: a Seedream call routed by the catalogue to the
// Doubao adapter answers a URL on the (fake) Ark host; the gateway copies those bytes into s3rver and answers its own URL.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { internalImageResponse } from "@waule/shared/images";
import { FAKE_ARK_IMAGE_BYTES, type FakeArk, startFakeArk } from "./fakes/doubao";
import { startTestGateway, TEST_BASE_URL, type TestGateway } from "./support/gateway";
import { type RunningS3, S3RVER_CREDENTIALS, startS3rver } from "./support/s3rver";

const ADMIN_TOKEN = "test-admin-token-0123456789abcdef0123";
let s3: RunningS3;
let ark: FakeArk;
let gw: TestGateway;
let s3Client: S3Client;

beforeAll(async () => {
  s3 = await startS3rver(["platform-bucket", "tenant-own-bucket"]);
  ark = startFakeArk();
  gw = await startTestGateway({
    env: {
      GATEWAY_ADMIN_TOKEN: ADMIN_TOKEN,
      STORAGE_DRIVER: "s3",
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: "platform-bucket",
      S3_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      S3_FORCE_PATH_STYLE: "true",
    },
  });
  s3Client = new S3Client({
    endpoint: s3.endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { ...S3RVER_CREDENTIALS },
  });
  const created = await gw.app.request(`${TEST_BASE_URL}/api/provider-keys`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ provider: "doubao", name: "ark", secret: ark.apiKey, baseUrl: ark.baseUrl }),
  });
  if (created.status !== 201) throw new Error(`key create answered ${created.status}`);
}, 30_000);
afterAll(async () => {
  s3Client.destroy();
  await gw.stop();
  await ark.close();
  await s3.stop();
});

async function keysIn(bucket: string): Promise<string[]> {
  const listed = await s3Client.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

async function generate(tenantId: string, requestId: string, storage?: unknown) {
  // No provider named: the catalogue says doubao-seedream-* is Doubao's.
  const res = await gw.signedPost("/internal/v1/images/generations", {
    tenantId,
    requestId,
    model: "doubao-seedream-4-0-250828",
    prompt: "a paper boat on a pond",
    n: 1,
    width: 1024,
    height: 1024,
    ...(storage === undefined ? {} : { storage }),
  });
  if (res.status !== 200) throw new Error(`image call answered ${res.status}: ${await res.text()}`);
  return internalImageResponse.parse(await res.json());
}

describe("results copied to storage", () => {
  test("PLATFORM: the Ark image URL is downloaded into the platform bucket under tenants/<tenantId>/ and the answer links there", async () => {
    const body = await generate("tenant_store_a", "req-store-1");
    expect([body.provider, body.model, body.sandbox]).toEqual(["doubao", "doubao-seedream-4-0-250828", false]);
    const arkOrigin = new URL(ark.baseUrl).origin;
    // The adapter was really used, and the provider's URL was fetched once for the copy.
    expect(ark.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /api/v3/images/generations",
      "GET /files/seedream-1.jpeg",
    ]);
    const image = body.images[0]!;
    expect(image.url.startsWith(arkOrigin)).toBe(false);
    expect(image.url.startsWith(s3.endpoint)).toBe(true);
    expect(image.key).toMatch(/^tenants\/tenant_store_a\/2026\/11\/[^/]+\.jpg$/);
    expect(await keysIn("platform-bucket")).toEqual([image.key]);
    expect(await keysIn("tenant-own-bucket")).toEqual([]);
    const stored = new Uint8Array(await (await fetch(image.url)).arrayBuffer());
    expect(stored).toEqual(FAKE_ARK_IMAGE_BYTES);
  });

  test("CUSTOM: the same call with the tenant's bucket passed along stores there and nowhere else", async () => {
    const before = await keysIn("platform-bucket");
    const body = await generate("tenant_store_b", "req-store-2", {
      mode: "CUSTOM",
      endpoint: s3.endpoint,
      bucket: "tenant-own-bucket",
      region: "us-east-1",
      ...S3RVER_CREDENTIALS,
      forcePathStyle: true,
    });
    const image = body.images[0]!;
    expect(image.key.startsWith("tenants/tenant_store_b/")).toBe(true);
    expect(await keysIn("tenant-own-bucket")).toEqual([image.key]);
    expect(await keysIn("platform-bucket")).toEqual(before);
    expect(new Uint8Array(await (await fetch(image.url)).arrayBuffer())).toEqual(FAKE_ARK_IMAGE_BYTES);
    // The tenant's credentials were used for one call and kept nowhere in the gateway's database.
    const dump =
      JSON.stringify(await gw.db.$client.execute("select * from gateway_settings")) +
      JSON.stringify(await gw.db.$client.execute("select * from request_log"));
    expect(dump).not.toContain("tenant-own-bucket");
  });
});
