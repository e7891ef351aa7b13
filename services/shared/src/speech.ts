// Speech synthesis: OpenAI's POST /audio/speech body (plus Waule's stored-URL answer) and the internal shapes.
import { z } from "zod";
import { storageTarget, storedFile } from "./images";
import { requestedProvider } from "./models";

export const speechFormat = z.enum(["mp3", "opus", "aac", "flac", "wav", "pcm"]);
export type SpeechFormat = z.infer<typeof speechFormat>;

export const speechMimeTypes: Record<SpeechFormat, string> = {
  mp3: "audio/mpeg",
  opus: "audio/opus",
  aac: "audio/aac",
  flac: "audio/flac",
  wav: "audio/wav",
  pcm: "audio/pcm",
};

export const MAX_SPEECH_CHARACTERS = 4096;

/** POST /api/v1/audio/speech. Priced per 1K characters of `input`, so its length is bounded exactly. */
export const speechRequest = z
  .object({
    model: z.string().min(1).max(100),
    input: z.string().min(1).max(MAX_SPEECH_CHARACTERS),
    voice: z.string().min(1).max(64),
    response_format: speechFormat.default("mp3"),
    speed: z.number().min(0.25).max(4).default(1),
    instructions: z.string().max(4096).optional(),
    /** Waule: "url" stores the audio and answers JSON with its URL instead of the bytes. */
    waule_response: z.enum(["bytes", "url"]).default("bytes"),
    /** Waule: the model's provider, if named, must be the catalogue's (see requestedProvider). */
    provider: requestedProvider,
    user: z.string().max(200).optional(),
  })
  .strict();
export type SpeechRequest = z.infer<typeof speechRequest>;

/** Billed characters: code points, so a CJK character counts once, not as two UTF-16 units. */
export function speechCharacters(input: string): number {
  return [...input].length;
}

/** The JSON answer when `waule_response: "url"`. */
export const speechUrlResponse = z.object({
  url: z.string(),
  mime_type: z.string(),
  bytes: z.number().int(),
  duration_seconds: z.number().optional(),
  waule: z.object({ request_id: z.string(), credits: z.number().int(), sandbox: z.boolean() }).optional(),
});
export type SpeechUrlResponse = z.infer<typeof speechUrlResponse>;

/**
 * POST /internal/v1/audio/speech. With `respond: "bytes"` the gateway answers the audio itself
 * (Content-Type set, provider/sandbox in x-waule-provider / x-waule-sandbox headers); with "url"
 * it stores the file and answers internalSpeechResponse.
 */
export const internalSpeechRequest = z.object({
  tenantId: z.string().min(1),
  requestId: z.string().min(1),
  model: z.string().min(1),
  provider: z.string().optional(),
  upstreamModel: z.string().optional(),
  input: z.string().min(1).max(MAX_SPEECH_CHARACTERS),
  voice: z.string().min(1),
  format: speechFormat,
  speed: z.number().min(0.25).max(4).optional(),
  respond: z.enum(["bytes", "url"]).default("bytes"),
  storage: storageTarget.default({ mode: "PLATFORM" }),
});
export type InternalSpeechRequest = z.infer<typeof internalSpeechRequest>;

export const internalSpeechResponse = z.object({
  provider: z.string(),
  model: z.string(),
  sandbox: z.boolean(),
  audio: storedFile,
});
export type InternalSpeechResponse = z.infer<typeof internalSpeechResponse>;
