// MiniMax speech: synchronous T2A v2, whose non-streaming answer carries the audio as a hex string.
import { AppError } from "@waule/shared/errors";
import { z } from "zod";
import type { ProviderContext, SpeechCapability, SpeechInput, SpeechOutput } from "../types.ts";
import { UpstreamError } from "../upstream-error.ts";
import { MINIMAX_PROVIDER, minimaxRequest } from "./client.ts";

/** The formats T2A v2 documents, with the MIME type the gateway stores them under. */
const mimeTypes: Partial<Record<SpeechInput["format"], string>> = {
  mp3: "audio/mpeg",
  wav: "audio/wav",
  flac: "audio/flac",
  pcm: "audio/pcm",
};

const t2aAnswer = z.object({
  data: z.object({ audio: z.string().regex(/^(?:[0-9a-fA-F]{2})+$/) }),
  extra_info: z.object({ audio_length: z.number().nullish() }).nullish(),
});

export function minimaxSpeechBody(input: SpeechInput): Record<string, unknown> {
  return {
    model: input.model,
    text: input.input,
    stream: false,
    voice_setting: { voice_id: input.voice, speed: input.speed ?? 1 },
    audio_setting: { format: input.format },
    output_format: "hex",
  };
}

export const minimaxSpeech: SpeechCapability = {
  async synthesize(input: SpeechInput, ctx: ProviderContext): Promise<SpeechOutput> {
    const mimeType = mimeTypes[input.format];
    if (!mimeType)
      throw new AppError("invalid_request", `minimax speech cannot produce ${input.format}; use mp3, wav, flac or pcm`);
    const parsed = t2aAnswer.safeParse(
      await minimaxRequest(ctx, "POST", "/v1/t2a_v2", { body: minimaxSpeechBody(input) }),
    );
    if (!parsed.success)
      throw new UpstreamError({ provider: MINIMAX_PROVIDER, status: 502, message: "no hex audio in answer" });
    const lengthMs = parsed.data.extra_info?.audio_length;
    return {
      audio: {
        kind: "bytes",
        data: Buffer.from(parsed.data.data.audio, "hex"),
        mimeType,
        ...(lengthMs ? { durationSeconds: lengthMs / 1000 } : {}),
      },
    };
  },
};
