// Encodes 16-bit mono PCM as MP3 with LAME (the pure-JS port), so the sandbox answers `mp3` with what it says it is.
import { Mp3Encoder } from "@breezystack/lamejs";

/** LAME takes the samples in blocks of 1152 (one MPEG-1 frame; two MPEG-2 frames at 24 kHz). */
const BLOCK = 1152;

export function encodeMp3(samples: Int16Array, sampleRate: number, kbps = 64): Uint8Array {
  const encoder = new Mp3Encoder(1, sampleRate, kbps);
  const parts: Uint8Array[] = [];
  for (let i = 0; i < samples.length; i += BLOCK) {
    const chunk = encoder.encodeBuffer(samples.subarray(i, i + BLOCK));
    if (chunk.length > 0) parts.push(new Uint8Array(chunk));
  }
  const tail = encoder.flush();
  if (tail.length > 0) parts.push(new Uint8Array(tail));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
