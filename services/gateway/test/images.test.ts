// The image route end to end in-process: signed call → sandbox PNG → stored under the tenant prefix → downloadable.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { requestLog } from "@waule/db/gateway";
import { type InternalImageResponse, internalImageResponse } from "@waule/shared/images";
import { createS3Storage } from "../src/storage/s3";
import { startTestGateway, TEST_BASE_URL, type TestGateway } from "./support/gateway";
import { parsePng } from "./support/png";
import { type RunningS3, S3RVER_CREDENTIALS, startS3rver } from "./support/s3rver";

const path = "/internal/v1/images/generations";
let s3: RunningS3;
beforeAll(async () => {
  s3 = await startS3rver(["tenant-bucket"]);
});
afterAll(async () => {
  await s3.stop();
});

async function withGateway(run: (gw: TestGateway) => Promise<void>, options?: Parameters<typeof startTestGateway>[0]) {
  const gw = await startTestGateway(options);
  try {
    await run(gw);
  } finally {
    await gw.stop();
  }
}

const request = {
  tenantId: "tenant_a",
  requestId: "req-1",
  model: "sandbox-image",
  prompt: "a lighthouse at dusk",
  n: 2,
  width: 96,
  height: 64,
  seed: 42,
};

async function listFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe("POST /internal/v1/images/generations", () => {
  test("stores sandbox PNGs under tenants/<tenantId>/YYYY/MM/ and answers signed URLs that serve them", () =>
    withGateway(async (gw) => {
      const res = await gw.signedPost(path, request);
      expect(res.status).toBe(200);
      const body = internalImageResponse.parse(await res.json());
      expect(body).toMatchObject({ provider: "sandbox", model: "sandbox-image", sandbox: true });
      expect(body.images.map((i) => i.key)).toEqual([
        "tenants/tenant_a/2026/11/file_f2.png",
        "tenants/tenant_a/2026/11/file_f3.png",
      ]);
      expect(await listFiles(join(gw.dir, "storage"))).toEqual(body.images.map((i) => i.key));

      for (const image of body.images) {
        expect(image).toMatchObject({
          mimeType: "image/png",
          width: 96,
          height: 64,
          revisedPrompt: "[sandbox] a lighthouse at dusk",
        });
        expect(image.url.startsWith(`${TEST_BASE_URL}/files/${image.key}?expires=`)).toBe(true);
        const file = await gw.download(image.url);
        expect(file.status).toBe(200);
        const bytes = new Uint8Array(await file.arrayBuffer());
        expect(bytes.length).toBe(image.bytes);
        const png = parsePng(bytes);
        expect([png.width, png.height]).toEqual([96, 64]);
      }
      // The two images of one call differ; the same call again gives the same bytes.
      const [a, b] = await Promise.all(
        body.images.map(async (i) => Buffer.from(await (await gw.download(i.url)).arrayBuffer())),
      );
      expect(a!.equals(b!)).toBe(false);
      const again = internalImageResponse.parse(
        await (await gw.signedPost(path, { ...request, requestId: "req-2" })).json(),
      );
      expect(Buffer.from(await (await gw.download(again.images[0]!.url)).arrayBuffer()).equals(a!)).toBe(true);

      const log = await gw.db.select().from(requestLog);
      expect(log).toHaveLength(2);
      expect(log[0]).toMatchObject({
        tenantId: "tenant_a",
        requestId: "req-1",
        capability: "image",
        provider: "sandbox",
        model: "sandbox-image",
        status: "ok",
        keyId: null,
        errorCode: null,
      });
    }));

  test("a CUSTOM storage target writes into the tenant's bucket, not the platform storage", () =>
    withGateway(async (gw) => {
      const storage = {
        mode: "CUSTOM",
        endpoint: s3.endpoint,
        bucket: "tenant-bucket",
        region: "us-east-1",
        ...S3RVER_CREDENTIALS,
        forcePathStyle: true,
      };
      const res = await gw.signedPost(path, { ...request, n: 1, storage });
      expect(res.status).toBe(200);
      const body = (await res.json()) as InternalImageResponse;
      const image = body.images[0]!;
      expect(image.key).toBe("tenants/tenant_a/2026/11/file_f2.png");
      expect(image.url.startsWith(`${s3.endpoint}/tenant-bucket/${image.key}?`)).toBe(true);

      const bucket = createS3Storage({ ...storage, ttlSeconds: 60, owner: "custom" });
      const stored = await bucket.get(image.key);
      expect(stored?.mimeType).toBe("image/png");
      expect(parsePng(stored!.data).width).toBe(96);
      expect(Buffer.from(await (await fetch(image.url)).arrayBuffer()).equals(Buffer.from(stored!.data))).toBe(true);
      await expect(listFiles(join(gw.dir, "storage"))).rejects.toThrow(); // the platform directory was never created
    }));

  test("wrong CUSTOM credentials answer a clear JSON error and store nothing", () =>
    withGateway(async (gw) => {
      const storage = {
        mode: "CUSTOM",
        endpoint: s3.endpoint,
        bucket: "tenant-bucket",
        region: "us-east-1",
        accessKeyId: "NOT-A-KEY",
        secretAccessKey: "x",
      };
      const res = await gw.signedPost(path, { ...request, tenantId: "tenant_b", n: 1, storage });
      expect(res.status).toBe(400);
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(json.error.code).toBe("invalid_request");
      expect(json.error.message).toContain(
        "custom storage (bucket tenant-bucket) rejected the upload: InvalidAccessKeyId",
      );
      const bucket = createS3Storage({
        endpoint: s3.endpoint,
        bucket: "tenant-bucket",
        region: "us-east-1",
        ...S3RVER_CREDENTIALS,
        forcePathStyle: true,
        ttlSeconds: 60,
        owner: "custom",
      });
      expect(await bucket.get("tenants/tenant_b/2026/11/file_f2.png")).toBeNull();
    }));

  test("an unreachable CUSTOM endpoint is a 502 upstream error", () =>
    withGateway(async (gw) => {
      const storage = {
        mode: "CUSTOM",
        endpoint: "http://127.0.0.1:1",
        bucket: "b",
        region: "us-east-1",
        accessKeyId: "k",
        secretAccessKey: "s",
      };
      const res = await gw.signedPost(path, { ...request, n: 1, storage });
      expect(res.status).toBe(502);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("upstream_unavailable");
    }));

  test("a simulated upstream failure answers 502, logs the failed call and stores nothing", () =>
    withGateway(
      async (gw) => {
        const res = await gw.signedPost(path, request);
        expect(res.status).toBe(502);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("upstream_unavailable");
        const log = await gw.db.select().from(requestLog);
        expect(log).toMatchObject([
          { requestId: "req-1", provider: "sandbox", status: "error", errorCode: "upstream_unavailable" },
        ]);
        await expect(listFiles(join(gw.dir, "storage"))).rejects.toThrow();
      },
      { env: { SANDBOX_FAILURE_RATE: "0.5" }, random: () => 0.25 },
    ));

  test("an invalid body is a 400 naming the field, and nothing is called or written", () =>
    withGateway(async (gw) => {
      const res = await gw.signedPost(path, { ...request, width: 5 });
      expect(res.status).toBe(400);
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(json.error).toMatchObject({ code: "invalid_request" });
      expect(json.error.message).toContain("width");
      expect(await gw.db.select().from(requestLog)).toEqual([]);
      const traversal = await gw.signedPost(path, { ...request, tenantId: "../escape" });
      expect(traversal.status).toBe(400);
      expect(await gw.db.select().from(requestLog)).toEqual([]);
    }));

  test("an unknown explicit provider is a 400", () =>
    withGateway(async (gw) => {
      const res = await gw.signedPost(path, { ...request, provider: "nonexistent" });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
        'unknown provider "nonexistent"',
      );
    }));
});
