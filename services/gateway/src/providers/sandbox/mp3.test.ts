import { describe, expect, test } from "bun:test";
import { encodeMp3 } from "./mp3";
import { renderSpeechSamples, SANDBOX_SAMPLE_RATE } from "./speech";

// MPEG audio frame headers (ISO 11172-3 / 13818-3): sync, version, layer, bitrate and sample-rate indexes.
const MPEG2_L3_KBPS = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const MPEG2_RATES = [22050, 24000, 16000];

/** Walks the stream frame by frame as a player would; throws on anything that is not an MPEG-2 layer III frame. */
function readFrames(bytes: Uint8Array) {
  const frames: { kbps: number; sampleRate: number }[] = [];
  let at = 0;
  while (at + 4 <= bytes.length) {
    const [b0, b1, b2] = [bytes[at]!, bytes[at + 1]!, bytes[at + 2]!];
    if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) throw new Error(`no frame sync at byte ${at}`);
    const version = (b1 >> 3) & 3; // 2 = MPEG-2
    const layer = (b1 >> 1) & 3; // 1 = layer III
    if (version !== 2 || layer !== 1) throw new Error(`not MPEG-2 layer III at byte ${at}`);
    const kbps = MPEG2_L3_KBPS[b2 >> 4]!;
    const sampleRate = MPEG2_RATES[(b2 >> 2) & 3]!;
    const padding = (b2 >> 1) & 1;
    frames.push({ kbps, sampleRate });
    at += Math.floor((72 * kbps * 1000) / sampleRate) + padding;
  }
  return { frames, end: at };
}

describe("sandbox mp3", () => {
  test("is a stream of MPEG layer III frames at 24 kHz whose playing time matches the samples", () => {
    const samples = renderSpeechSamples("你好 world, hello", "alloy");
    const mp3 = encodeMp3(samples, SANDBOX_SAMPLE_RATE);
    const { frames, end } = readFrames(mp3);
    expect(end).toBe(mp3.length);
    expect(new Set(frames.map((f) => f.sampleRate))).toEqual(new Set([SANDBOX_SAMPLE_RATE]));
    expect(frames.every((f) => f.kbps === 64)).toBe(true);
    // 576 samples per MPEG-2 layer III frame; the encoder adds at most a couple of frames of delay and padding.
    const seconds = (frames.length * 576) / SANDBOX_SAMPLE_RATE;
    const expected = samples.length / SANDBOX_SAMPLE_RATE;
    expect(seconds).toBeGreaterThanOrEqual(expected);
    expect(seconds - expected).toBeLessThan(0.15);
    // Far smaller than the 16-bit PCM it came from.
    expect(mp3.length).toBeLessThan(samples.length);
  });
});
