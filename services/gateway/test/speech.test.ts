// The internal speech route in-process: raw WAV bytes with provider headers, or a stored file under the tenant's prefix.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { requestLog } from "@waule/db/gateway";
import { internalSpeechResponse } from "@waule/shared/speech";
import { NOTE_SECONDS, SANDBOX_SAMPLE_RATE } from "../src/providers/sandbox/speech";
import { createS3Storage } from "../src/storage/s3";
import { startTestGateway, TEST_BASE_URL, type TestGateway } from "./support/gateway";
import { parseWavHeader } from "./support/riff";
import { type RunningS3, S3RVER_CREDENTIALS, startS3rver } from "./support/s3rver";

const path = "/internal/v1/audio/speech";
const input = "Hello from the lighthouse";
const request = {
  tenantId: "tenant_a",
  requestId: "req-tts-1",
  model: "sandbox-tts",
  input,
  voice: "alloy",
  format: "wav",
};
const expectedSeconds = [...input].length * NOTE_SECONDS;

let s3: RunningS3;
let gw: TestGateway | undefined;
beforeAll(async () => {
  s3 = await startS3rver(["tenant-audio"]);
});
afterAll(() => s3.stop());
afterEach(async () => {
  await gw?.stop();
  gw = undefined;
});

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe("POST /internal/v1/audio/speech", () => {
  test("answers the WAV itself with its Content-Type and provider headers, storing nothing", async () => {
    gw = await startTestGateway();
    const res = await gw.signedPost(path, request);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("audio/wav");
    expect([
      res.headers.get("x-waule-provider"),
      res.headers.get("x-waule-sandbox"),
      res.headers.get("x-waule-model"),
    ]).toEqual(["sandbox", "true", "sandbox-tts"]);
    const wav = parseWavHeader(new Uint8Array(await res.arrayBuffer()));
    expect(wav).toMatchObject({ channels: 1, sampleRate: SANDBOX_SAMPLE_RATE, bitsPerSample: 16 });
    expect(wav.durationSeconds).toBeCloseTo(expectedSeconds, 6);
    expect(Number(res.headers.get("x-waule-duration-seconds"))).toBeCloseTo(expectedSeconds, 6);
    expect(await listFiles(join(gw.dir, "storage"))).toEqual([]);
    const logs = await gw.db.select().from(requestLog);
    expect(logs.map((l) => [l.capability, l.provider, l.status, l.requestId])).toEqual([
      ["speech", "sandbox", "ok", "req-tts-1"],
    ]);
  });

  test("url mode stores the audio under tenants/<tenantId>/ and answers a signed URL that serves the same bytes", async () => {
    gw = await startTestGateway();
    const bytesRes = await gw.signedPost(path, request);
    const direct = new Uint8Array(await bytesRes.arrayBuffer());
    const res = await gw.signedPost(path, { ...request, requestId: "req-tts-2", respond: "url" });
    expect(res.status).toBe(200);
    const body = internalSpeechResponse.parse(await res.json());
    expect(body).toMatchObject({ provider: "sandbox", model: "sandbox-tts", sandbox: true });
    expect(body.audio.key).toMatch(/^tenants\/tenant_a\/2026\/11\/[^/]+\.wav$/);
    expect(body.audio).toMatchObject({ mimeType: "audio/wav", bytes: direct.length });
    expect(body.audio.durationSeconds).toBeCloseTo(expectedSeconds, 6);
    expect(await listFiles(join(gw.dir, "storage"))).toEqual([body.audio.key]);
    expect(body.audio.url.startsWith(`${TEST_BASE_URL}/files/${body.audio.key}?`)).toBe(true);
    const file = await gw.download(body.audio.url);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(direct))).toBe(true);
  });

  test("url mode with a CUSTOM target writes into the tenant's own bucket", async () => {
    gw = await startTestGateway();
    const storage = {
      mode: "CUSTOM",
      endpoint: s3.endpoint,
      bucket: "tenant-audio",
      region: "us-east-1",
      ...S3RVER_CREDENTIALS,
      forcePathStyle: true,
    };
    const res = await gw.signedPost(path, { ...request, respond: "url", storage });
    expect(res.status).toBe(200);
    const body = internalSpeechResponse.parse(await res.json());
    const bucket = createS3Storage({ ...storage, ttlSeconds: 60, owner: "custom" });
    const stored = await bucket.get(body.audio.key);
    expect(stored?.mimeType).toBe("audio/wav");
    expect(parseWavHeader(stored!.data).durationSeconds).toBeCloseTo(expectedSeconds, 6);
    expect(await listFiles(join(gw.dir, "storage"))).toEqual([]);
  });

  test("pcm answers raw samples labelled audio/pcm", async () => {
    gw = await startTestGateway();
    const res = await gw.signedPost(path, { ...request, format: "pcm" });
    expect(res.headers.get("content-type")).toBe("audio/pcm");
    expect((await res.arrayBuffer()).byteLength).toBe(
      Math.round(SANDBOX_SAMPLE_RATE * NOTE_SECONDS) * [...input].length * 2,
    );
  });

  test("refuses bad input with 400 and calls no upstream, stores nothing", async () => {
    gw = await startTestGateway();
    for (const bad of [
      { ...request, input: "" },
      { ...request, format: "ogg" },
      { ...request, tenantId: "../etc", respond: "url" },
    ]) {
      const res = await gw.signedPost(path, bad);
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe("invalid_request");
    }
    expect(await gw.db.select().from(requestLog)).toEqual([]);
    expect(await listFiles(join(gw.dir, "storage"))).toEqual([]);
  });

  test("an upstream failure answers 502 and stores nothing", async () => {
    gw = await startTestGateway({ env: { SANDBOX_FAILURE_RATE: "1" }, random: () => 0 });
    const res = await gw.signedPost(path, { ...request, respond: "url" });
    expect(res.status).toBe(502);
    expect((await res.json()).error.code).toBe("upstream_unavailable");
    expect(await listFiles(join(gw.dir, "storage"))).toEqual([]);
    const logs = await gw.db.select().from(requestLog);
    expect(logs.map((l) => l.status)).toEqual(["error"]);
  });
});
