import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { AppError } from "@waule/shared/errors";
import { type RunningS3, S3RVER_CREDENTIALS, startS3rver } from "../../test/support/s3rver";
import { createS3Storage, type S3StorageOptions } from "./s3";

let s3: RunningS3;
beforeAll(async () => {
  s3 = await startS3rver(["platform"]);
});
afterAll(async () => {
  await s3.stop();
});

function storage(overrides: Partial<S3StorageOptions> = {}) {
  return createS3Storage({
    endpoint: s3.endpoint,
    bucket: "platform",
    region: "us-east-1",
    ...S3RVER_CREDENTIALS,
    forcePathStyle: true,
    ttlSeconds: 600,
    owner: "platform",
    ...overrides,
  });
}

const bytes = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 42]);

describe("S3 storage against s3rver", () => {
  test("put, get, presigned URL and delete", async () => {
    const s = storage();
    const key = "tenants/t1/2026/11/a.png";
    const stored = await s.put(key, bytes, "image/png");
    expect(stored).toMatchObject({ key, bytes: bytes.length, mimeType: "image/png" });

    const got = await s.get(key);
    expect(got?.mimeType).toBe("image/png");
    expect([...got!.data]).toEqual([...bytes]);

    // The URL is presigned (no public base) and fetchable without credentials.
    expect(stored.url).toContain("X-Amz-Signature=");
    expect(stored.url.startsWith(`${s3.endpoint}/platform/${key}?`)).toBe(true);
    const res = await fetch(stored.url);
    expect(res.status).toBe(200);
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([...bytes]);

    await s.delete(key);
    expect(await s.get(key)).toBeNull();
    expect((await fetch(await s.urlFor(key))).status).toBe(404);
  });

  test("a public base URL is used as is instead of presigning", async () => {
    const s = storage({ publicBaseUrl: "https://cdn.example.com/media/" });
    expect(await s.urlFor("tenants/t/2026/11/x.png")).toBe("https://cdn.example.com/media/tenants/t/2026/11/x.png");
  });

  test("a custom bucket refusing the credentials is a 4xx naming the bucket", async () => {
    const s = storage({ owner: "custom", bucket: "platform", accessKeyId: "WRONG", secretAccessKey: "WRONG" });
    const err = (await s.put("tenants/t/2026/11/y.png", bytes, "image/png").catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe("invalid_request");
    expect(err.message).toContain("custom storage (bucket platform) rejected the upload: InvalidAccessKeyId");
    expect(await storage().get("tenants/t/2026/11/y.png")).toBeNull();
  });

  test("platform storage failing is our 5xx, not the caller's fault", async () => {
    const s = storage({ bucket: "missing-bucket" });
    const err = (await s.put("tenants/t/2026/11/z.png", bytes, "image/png").catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe("internal_error");
    expect(err.message).toContain("NoSuchBucket");
  });

  test("refuses unsafe keys before any request", async () => {
    await expect(storage().put("../escape.png", bytes, "image/png")).rejects.toThrow(/unsafe storage key/);
  });
});
