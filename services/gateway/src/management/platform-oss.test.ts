import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { gatewaySettings } from "@waule/db/gateway";
import { type RunningS3, S3RVER_CREDENTIALS, startS3rver } from "../../test/support/s3rver";
import type { PlatformOssConfig } from "../platform-oss/settings";
import { managementTestApp } from "./test-app";

let s3: RunningS3;
let t: Awaited<ReturnType<typeof managementTestApp>>;
beforeAll(async () => {
  s3 = await startS3rver(["platform-a", "platform-b"]);
}, 20_000);
afterAll(async () => s3.stop());
afterEach(async () => t.close());

const configFor = (bucket: string, over: Partial<PlatformOssConfig> = {}) => ({
  endpoint: s3.endpoint,
  bucket,
  region: "us-east-1",
  ...S3RVER_CREDENTIALS,
  forcePathStyle: true,
  ...over,
});

async function objectsIn(bucket: string): Promise<string[]> {
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
  });
  const out = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (out.Contents ?? []).map((o) => o.Key!);
}

describe("/platform-oss", () => {
  test("saves a config only after a real write/read/delete, answers it masked, and hands it to the storage hook", async () => {
    const changed: PlatformOssConfig[] = [];
    t = await managementTestApp({ onPlatformOssChange: (c) => void changed.push(c) });
    expect(await (await t.call("GET", "/platform-oss")).json()).toEqual({ configured: false });

    const res = await t.call(
      "PUT",
      "/platform-oss",
      configFor("platform-a", { publicBaseUrl: "https://cdn.example.com" }),
    );
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(JSON.parse(body)).toMatchObject({
      configured: true,
      bucket: "platform-a",
      endpoint: s3.endpoint,
      publicBaseUrl: "https://cdn.example.com",
      accessKeyId: "****",
      secretAccessKey: "****",
    });
    expect(body).not.toContain("S3RVER");
    expect(changed).toEqual([configFor("platform-a", { publicBaseUrl: "https://cdn.example.com" })]);
    // The probe cleaned up after itself.
    expect(await objectsIn("platform-a")).toEqual([]);
    // At rest the whole value is sealed.
    const [row] = await t.env.db.select().from(gatewaySettings);
    expect(row!.value).not.toContain("S3RVER");
    expect(row!.value).not.toContain("platform-a");
  }, 20_000);

  test("tests the stored config and candidates against either bucket; a wrong credential is a clear failure", async () => {
    t = await managementTestApp();
    expect((await t.call("POST", "/platform-oss/test")).status).toBe(400);
    expect((await t.call("PUT", "/platform-oss", configFor("platform-a"))).status).toBe(200);

    expect(await (await t.call("POST", "/platform-oss/test")).json()).toEqual({ ok: true, latencyMs: 0 });
    // A candidate without credentials borrows the stored ones: switching buckets needs no re-typing of secrets.
    const other = configFor("platform-b") as Partial<PlatformOssConfig>;
    delete other.accessKeyId;
    delete other.secretAccessKey;
    expect(await (await t.call("POST", "/platform-oss/test", other)).json()).toEqual({ ok: true, latencyMs: 0 });

    const wrong = (await (
      await t.call("POST", "/platform-oss/test", configFor("platform-b", { accessKeyId: "WRONGKEY" }))
    ).json()) as Record<string, string>;
    expect(wrong).toMatchObject({ ok: false, step: "write" });
    expect(wrong.error).toContain("InvalidAccessKeyId");

    const missing = (await (await t.call("POST", "/platform-oss/test", configFor("no-such-bucket"))).json()) as Record<
      string,
      string
    >;
    expect(missing).toMatchObject({ ok: false, step: "write" });
    expect(missing.error).toContain("NoSuchBucket");
  }, 20_000);

  test("a config that fails verification is refused with 400 and the stored one stays", async () => {
    t = await managementTestApp();
    await t.call("PUT", "/platform-oss", configFor("platform-a"));
    const res = await t.call(
      "PUT",
      "/platform-oss",
      configFor("platform-b", { accessKeyId: "WRONGKEY", secretAccessKey: "WRONGSECRET" }),
    );
    expect(res.status).toBe(400);
    const err = (await res.json()) as { error: { code: string; message: string } };
    expect(err.error.code).toBe("invalid_request");
    expect(err.error.message).toContain("storage check failed at write");
    expect(await (await t.call("GET", "/platform-oss")).json()).toMatchObject({ bucket: "platform-a" });
    expect((await t.call("PUT", "/platform-oss", { endpoint: "not-a-url", bucket: "x" })).status).toBe(400);
  }, 20_000);

  test("the probe object is removed from the tested bucket and nothing touches the other one", async () => {
    t = await managementTestApp();
    const probeCheck = new S3Client({
      endpoint: s3.endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
    });
    await t.call("PUT", "/platform-oss", configFor("platform-b"));
    // The id maker is sequential, so the probe key of the next test is known and must be gone afterwards.
    await t.call("POST", "/platform-oss/test");
    const gone = await probeCheck
      .send(new GetObjectCommand({ Bucket: "platform-b", Key: "_waule-verify/id_2.txt" }))
      .catch((e: Error) => e.name);
    expect(gone).toBe("NoSuchKey");
    expect(await objectsIn("platform-a")).toEqual([]);
  }, 20_000);
});
