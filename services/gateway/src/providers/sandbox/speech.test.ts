import { describe, expect, test } from "bun:test";
import { UpstreamError } from "../upstream-error";
import { createSimulation } from "./simulation";
import { noteSamples, renderSpeechSamples, SANDBOX_SAMPLE_RATE, sandboxSpeech } from "./speech";

const ctx = { key: { id: null, secret: "" }, fetch, clock: { now: () => 0 } };
const quiet = createSimulation({ latencyMs: 0, failureRate: 0 });

function parseWav(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o: number) => String.fromCharCode(...bytes.slice(o, o + 4));
  return {
    riff: tag(0),
    wave: tag(8),
    riffSize: view.getUint32(4, true),
    format: view.getUint16(20, true),
    channels: view.getUint16(22, true),
    sampleRate: view.getUint32(24, true),
    bits: view.getUint16(34, true),
    dataTag: tag(36),
    dataSize: view.getUint32(40, true),
    samples: new Int16Array(bytes.slice(44).buffer),
  };
}

describe("sandbox speech", () => {
  test("answers a valid 24 kHz mono 16-bit WAV whose length is proportional to the text", async () => {
    const speech = sandboxSpeech(quiet);
    const short = await speech.synthesize({ model: "sandbox-tts", input: "hello", voice: "alloy", format: "wav" }, ctx);
    const long = await speech.synthesize(
      { model: "sandbox-tts", input: "hello hello", voice: "alloy", format: "wav" },
      ctx,
    );
    if (short.audio.kind !== "bytes" || long.audio.kind !== "bytes") throw new Error("expected bytes");
    const a = parseWav(short.audio.data);
    const b = parseWav(long.audio.data);
    expect(a).toMatchObject({
      riff: "RIFF",
      wave: "WAVE",
      format: 1,
      channels: 1,
      sampleRate: SANDBOX_SAMPLE_RATE,
      bits: 16,
      dataTag: "data",
    });
    expect(a.riffSize).toBe(short.audio.data.length - 8);
    expect(a.dataSize).toBe(5 * noteSamples() * 2);
    expect(b.dataSize).toBe(11 * noteSamples() * 2);
    expect(short.audio).toMatchObject({ mimeType: "audio/wav", durationSeconds: 0.3 });
    // Real sound, not silence: a note reaches most of its amplitude.
    expect(Math.max(...a.samples)).toBeGreaterThan(10_000);
  });

  test("is deterministic from text and voice; speed shortens it", () => {
    const a = renderSpeechSamples("你好 world", "alloy");
    expect(Buffer.from(a.buffer).equals(Buffer.from(renderSpeechSamples("你好 world", "alloy").buffer))).toBe(true);
    expect(Buffer.from(a.buffer).equals(Buffer.from(renderSpeechSamples("你好 world", "nova").buffer))).toBe(false);
    expect(a.length).toBe(8 * noteSamples());
    expect(renderSpeechSamples("你好 world", "alloy", 2).length).toBe(8 * noteSamples(2));
    expect(noteSamples(2)).toBe(noteSamples() / 2);
    // The space is silent.
    expect(a.slice(2 * noteSamples(), 3 * noteSamples()).every((s) => s === 0)).toBe(true);
  });

  test("pcm answers the raw samples with no header", async () => {
    const out = await sandboxSpeech(quiet).synthesize(
      { model: "sandbox-tts", input: "abc", voice: "alloy", format: "pcm" },
      ctx,
    );
    if (out.audio.kind !== "bytes") throw new Error("expected bytes");
    expect(out.audio.mimeType).toBe("audio/pcm");
    expect(out.audio.data.length).toBe(3 * noteSamples() * 2);
  });

  test("mp3 answers MP3 (frame sync, audio/mpeg), not WAV", async () => {
    const out = await sandboxSpeech(quiet).synthesize(
      { model: "sandbox-tts", input: "hello", voice: "alloy", format: "mp3" },
      ctx,
    );
    if (out.audio.kind !== "bytes") throw new Error("expected bytes");
    expect(out.audio.mimeType).toBe("audio/mpeg");
    expect([out.audio.data[0], (out.audio.data[1] ?? 0) & 0xe0]).toEqual([0xff, 0xe0]);
    expect(String.fromCharCode(...out.audio.data.slice(0, 4))).not.toBe("RIFF");
  });

  test("a simulated failure throws an upstream error", async () => {
    const failing = sandboxSpeech(createSimulation({ latencyMs: 0, failureRate: 1, random: () => 0 }));
    await expect(failing.synthesize({ model: "m", input: "x", voice: "v", format: "wav" }, ctx)).rejects.toBeInstanceOf(
      UpstreamError,
    );
  });
});
