// Speech through the official openai SDK (audio bytes) and Waule's stored-URL answer, billed per started 1K characters.
import { afterEach, describe, expect, test } from "bun:test";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import OpenAI from "openai";
import { NOTE_SECONDS, SANDBOX_SAMPLE_RATE } from "../../gateway/src/providers/sandbox/speech";
import { createS3Storage } from "../../gateway/src/storage/s3";
import { parseWavHeader } from "../../gateway/test/support/riff";
import { S3RVER_CREDENTIALS, startS3rver } from "../../gateway/test/support/s3rver";
import { useCustomStorage } from "../src/tenant-storage";
import { type Stack, type StackOptions, startStack } from "./support/stack";
import { balanceAndLedgerSum, tableCounts } from "./support/temp-db";

/** 1001 code points (the emoji counts once, not as two UTF-16 units): two started thousands. */
const INPUT = `${"la ".repeat(333)}🎵!`;
const CHARACTERS = 1001;
const PRICE = 2; // sandbox-tts: 2 credits per 1K characters
const CHARGE = 2 * PRICE;
const OPENING = 100;

type Running = { stack: Stack; server: ReturnType<typeof Bun.serve>; baseURL: string };
let running: Running | undefined;
afterEach(async () => {
  await running?.server.stop(true);
  await running?.stack.stop();
  running = undefined;
});

async function start(options: StackOptions = {}) {
  const stack = await startStack(options);
  const server = Bun.serve({ port: 0, fetch: stack.app.fetch });
  running = { stack, server, baseURL: `http://127.0.0.1:${server.port}/api/v1` };
  const { tenant, apiKey } = await stack.createTenant(OPENING);
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${running!.baseURL}/audio/speech`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
  return { ...running, tenant, apiKey, post, client: new OpenAI({ apiKey, baseURL: running.baseURL, maxRetries: 0 }) };
}

async function ledger(stack: Stack, tenantId: string) {
  const rs = await stack.db.$client.execute({
    sql: "SELECT kind, amount FROM credit_ledger WHERE tenant_id = ? ORDER BY seq",
    args: [tenantId],
  });
  return rs.rows.map((row) => [String(row.kind), Number(row.amount)]);
}
async function usageRows(stack: Stack, tenantId: string) {
  const rs = await stack.db.$client.execute({
    sql: "SELECT operation, model, credits, metadata FROM usage_records WHERE tenant_id = ?",
    args: [tenantId],
  });
  return rs.rows.map((row) => ({
    operation: String(row.operation),
    model: String(row.model),
    credits: Number(row.credits),
    metadata: JSON.parse(String(row.metadata)),
  }));
}
async function storedFiles(stack: Stack): Promise<string[]> {
  const entries = await readdir(stack.storageDir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(stack.storageDir.length + 1))
    .sort();
}

const expectedSeconds = CHARACTERS * NOTE_SECONDS;

describe("POST /api/v1/audio/speech", () => {
  test("the openai SDK's default format, mp3, is answered as MP3 (audio/mpeg, MPEG frames), not WAV", async () => {
    const s = await start();
    const res = await s.client.audio.speech.create({ model: "sandbox-tts", input: INPUT, voice: "alloy" });
    expect(res.headers.get("content-type")).toBe("audio/mpeg");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([bytes[0], (bytes[1] ?? 0) & 0xe0]).toEqual([0xff, 0xe0]);
    expect(String.fromCharCode(...bytes.slice(0, 4))).not.toBe("RIFF");
    expect(res.headers.get("x-waule-credits")).toBe(String(CHARGE));
  });

  test("the openai SDK gets a valid WAV, charged ceil(characters / 1000) × price", async () => {
    const s = await start();
    const res = await s.client.audio.speech.create({
      model: "sandbox-tts",
      input: INPUT,
      voice: "alloy",
      response_format: "wav",
    });
    expect(res.headers.get("content-type")).toBe("audio/wav");
    const wav = parseWavHeader(new Uint8Array(await res.arrayBuffer()));
    expect(wav).toMatchObject({ channels: 1, sampleRate: SANDBOX_SAMPLE_RATE, bitsPerSample: 16 });
    expect(wav.durationSeconds).toBeCloseTo(expectedSeconds, 6);
    expect(res.headers.get("x-waule-credits")).toBe(String(CHARGE));

    expect(await ledger(s.stack, s.tenant.id)).toEqual([
      ["recharge", OPENING],
      ["hold", -CHARGE],
      ["settle", 0],
    ]);
    expect(await balanceAndLedgerSum(s.stack.db, s.tenant.id)).toEqual({
      balance: OPENING - CHARGE,
      ledgerSum: OPENING - CHARGE,
    });
    const rows = await usageRows(s.stack, s.tenant.id);
    expect(rows).toMatchObject([
      {
        operation: "audio.speech",
        model: "sandbox-tts",
        credits: CHARGE,
        metadata: { characters: CHARACTERS, voice: "alloy", format: "wav", mimeType: "audio/wav", sandbox: true },
      },
    ]);
    // Bytes answers are not kept.
    expect(await storedFiles(s.stack)).toEqual([]);
  });

  test("waule_response url stores the audio under tenants/<id>/ and answers a URL that downloads it", async () => {
    const s = await start();
    const res = await s.post({
      model: "sandbox-tts",
      input: INPUT,
      voice: "nova",
      response_format: "wav",
      waule_response: "url",
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ mime_type: "audio/wav", waule: { credits: CHARGE, sandbox: true } });
    expect(body.duration_seconds).toBeCloseTo(expectedSeconds, 6);
    const files = await storedFiles(s.stack);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^tenants/${s.tenant.id}/\\d{4}/\\d{2}/[^/]+\\.wav$`));
    expect(body.url).toContain(`/files/${files[0]}?`);

    const file = await s.stack.download(body.url);
    expect(file.status).toBe(200);
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect(bytes.length).toBe(body.bytes);
    expect(parseWavHeader(bytes).durationSeconds).toBeCloseTo(expectedSeconds, 6);
    expect((await usageRows(s.stack, s.tenant.id))[0]?.metadata.fileKey).toBe(files[0]);
    expect(await balanceAndLedgerSum(s.stack.db, s.tenant.id)).toEqual({
      balance: OPENING - CHARGE,
      ledgerSum: OPENING - CHARGE,
    });
  });

  test("a tenant with its own bucket gets the stored audio there, not in the platform storage", async () => {
    const s3 = await startS3rver(["tenant-audio"]);
    try {
      const s = await start();
      const bucket = {
        endpoint: s3.endpoint,
        bucket: "tenant-audio",
        region: "us-east-1",
        ...S3RVER_CREDENTIALS,
        forcePathStyle: true,
      };
      await useCustomStorage(s.stack.deps, s.tenant.id, bucket);
      const res = await s.post({
        model: "sandbox-tts",
        input: INPUT,
        voice: "alloy",
        response_format: "wav",
        waule_response: "url",
      });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.url.startsWith(`${s3.endpoint}/tenant-audio/tenants/${s.tenant.id}/`)).toBe(true);
      const key = (await usageRows(s.stack, s.tenant.id))[0]?.metadata.fileKey as string;
      expect(key).toMatch(new RegExp(`^tenants/${s.tenant.id}/.+\\.wav$`));
      const stored = await createS3Storage({ ...bucket, ttlSeconds: 60, owner: "custom" }).get(key);
      expect(stored?.mimeType).toBe("audio/wav");
      expect(parseWavHeader(stored!.data).durationSeconds).toBeCloseTo(expectedSeconds, 6);
      expect(await storedFiles(s.stack)).toEqual([]);
    } finally {
      await s3.stop();
    }
  });

  test("an Idempotency-Key replays the same audio (bytes or URL) and charges once", async () => {
    const s = await start();
    const body = { model: "sandbox-tts", input: INPUT, voice: "alloy", response_format: "wav" };
    const first = await s.post(body, { "idempotency-key": "tts-1" });
    const again = await s.post(body, { "idempotency-key": "tts-1" });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("content-type")).toBe("audio/wav");
    const [a, b] = [Buffer.from(await first.arrayBuffer()), Buffer.from(await again.arrayBuffer())];
    expect(parseWavHeader(a).durationSeconds).toBeCloseTo(expectedSeconds, 6);
    expect(a.equals(b)).toBe(true);

    const urlBody = { ...body, waule_response: "url" };
    const u1 = await (await s.post(urlBody, { "idempotency-key": "tts-2" })).json();
    const u2 = await (await s.post(urlBody, { "idempotency-key": "tts-2" })).json();
    expect(u2).toEqual(u1);
    expect(await balanceAndLedgerSum(s.stack.db, s.tenant.id)).toEqual({
      balance: OPENING - 2 * CHARGE,
      ledgerSum: OPENING - 2 * CHARGE,
    });
    expect(await usageRows(s.stack, s.tenant.id)).toHaveLength(2);

    const reused = await s.post({ ...body, voice: "nova" }, { "idempotency-key": "tts-1" });
    expect(reused.status).toBe(409);
  });

  test("bad input answers 400 and writes nothing", async () => {
    const s = await start();
    const before = await tableCounts(s.stack.db);
    const bad = [
      { model: "sandbox-tts", input: "", voice: "alloy" },
      { model: "sandbox-tts", input: "x".repeat(4097), voice: "alloy" },
      { model: "sandbox-tts", input: "hi", voice: "alloy", speed: 5 },
      { model: "sandbox-tts", input: "hi", voice: "alloy", response_format: "ogg" },
      { model: "sandbox-tts", input: "hi", voice: "alloy", surprise: true },
      { model: "sandbox-chat", input: "hi", voice: "alloy" },
    ];
    for (const body of bad) {
      const res = await s.post(body, { "idempotency-key": "bad-1" });
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe("invalid_request");
    }
    expect(await tableCounts(s.stack.db)).toEqual(before);
    expect(await storedFiles(s.stack)).toEqual([]);
  });

  test("a failing provider answers 502, releases the hold and stores nothing", async () => {
    const s = await start({ sandboxFailureRate: 1 });
    const res = await s.post(
      { model: "sandbox-tts", input: INPUT, voice: "alloy", waule_response: "url" },
      { "idempotency-key": "fail-1" },
    );
    expect(res.status).toBe(502);
    expect(await ledger(s.stack, s.tenant.id)).toEqual([
      ["recharge", OPENING],
      ["hold", -CHARGE],
      ["release", CHARGE],
    ]);
    expect(await balanceAndLedgerSum(s.stack.db, s.tenant.id)).toEqual({ balance: OPENING, ledgerSum: OPENING });
    expect(await usageRows(s.stack, s.tenant.id)).toEqual([]);
    expect(await storedFiles(s.stack)).toEqual([]);
    // The failed attempt freed its key.
    expect((await s.stack.db.$client.execute("SELECT COUNT(*) AS n FROM idempotency_keys")).rows[0]?.n).toBe(0);
  });
});
