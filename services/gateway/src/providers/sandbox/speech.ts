// Sandbox speech: a melody, one short note per character (silence for spaces), derived from text and voice.
import { createHash } from "node:crypto";
import type { SpeechCapability, SpeechInput } from "../types";
import { encodeMp3 } from "./mp3";
import type { Simulation } from "./simulation";
import { encodeWav, pcmBytes } from "./wav";

/** OpenAI's pcm output rate, so `pcm` answers are interchangeable with theirs. */
export const SANDBOX_SAMPLE_RATE = 24_000;
/** One character lasts 60 ms at speed 1. */
export const NOTE_SECONDS = 0.06;

// A major pentatonic scale over two octaves from A3: pleasant whatever the text.
const SCALE = [220, 247.5, 277.2, 330, 371.25, 440, 495, 554.4, 660, 742.5];

export function noteSamples(speed = 1): number {
  return Math.round((SANDBOX_SAMPLE_RATE * NOTE_SECONDS) / speed);
}

/** Integer-rounded samples of a sine melody; each note fades in and out so notes join without clicks. */
export function renderSpeechSamples(text: string, voice: string, speed = 1): Int16Array {
  const chars = [...text];
  const perNote = noteSamples(speed);
  const voiceShift = createHash("sha256").update(voice).digest()[0]! % SCALE.length;
  const samples = new Int16Array(chars.length * perNote);
  const fade = Math.max(1, Math.floor(perNote / 8));
  chars.forEach((ch, n) => {
    if (/\s/.test(ch)) return;
    const freq = SCALE[(ch.codePointAt(0)! + voiceShift) % SCALE.length]!;
    for (let i = 0; i < perNote; i++) {
      const envelope = Math.min(1, i / fade, (perNote - 1 - i) / fade);
      samples[n * perNote + i] = Math.round(
        Math.sin((2 * Math.PI * freq * i) / SANDBOX_SAMPLE_RATE) * envelope * 12_000,
      );
    }
  });
  return samples;
}

/**
 * Answers `mp3` as MP3 (LAME), `pcm` as raw samples, and WAV for the rest: the sandbox has no opus/aac/flac encoder,
 * and its mimeType says so, so callers label the bytes truthfully.
 */
export function sandboxSpeech(simulation: Simulation): SpeechCapability {
  return {
    async synthesize(input: SpeechInput, ctx) {
      await simulation.beforeCall(ctx.signal);
      const samples = renderSpeechSamples(input.input, input.voice, input.speed ?? 1);
      const durationSeconds = samples.length / SANDBOX_SAMPLE_RATE;
      if (input.format === "pcm") {
        return { audio: { kind: "bytes", data: pcmBytes(samples), mimeType: "audio/pcm", durationSeconds } };
      }
      if (input.format === "mp3") {
        const data = encodeMp3(samples, SANDBOX_SAMPLE_RATE);
        return { audio: { kind: "bytes", data, mimeType: "audio/mpeg", durationSeconds } };
      }
      return {
        audio: { kind: "bytes", data: encodeWav(samples, SANDBOX_SAMPLE_RATE), mimeType: "audio/wav", durationSeconds },
      };
    },
  };
}
