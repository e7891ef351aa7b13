// Qwen-TTS speech over DashScope's plain HTTP API (CosyVoice is only offered over WebSocket/SDK, so it is not used here).

import type { ProviderContext, SpeechCapability, SpeechInput, SpeechOutput } from "../types";
import { UpstreamError } from "../upstream-error";
import { type DashScopeAnswer, dashscopeRequest, WANX_PROVIDER } from "./client";

export const TTS_PATH = "/services/aigc/multimodal-generation/generation";

type TtsOutput = { finish_reason?: string; audio?: { url?: string; data?: string; id?: string; expires_at?: number } };

export function qwenTtsBody(input: SpeechInput): Record<string, unknown> {
  return { model: input.model, input: { text: input.input, voice: input.voice } };
}

/**
 * Qwen-TTS answers a WAV file URL whatever format was asked for and has no speed control, so the
 * result says audio/wav and the gateway stores what it really is rather than a mislabelled "mp3".
 */
export const qwenTtsSpeech: SpeechCapability = {
  async synthesize(input: SpeechInput, ctx: ProviderContext): Promise<SpeechOutput> {
    const answer = await dashscopeRequest<DashScopeAnswer<TtsOutput>>(ctx, "POST", TTS_PATH, qwenTtsBody(input));
    const audio = answer.output?.audio;
    if (audio?.url) return { audio: { kind: "url", url: audio.url, mimeType: "audio/wav" } };
    if (audio?.data)
      return { audio: { kind: "bytes", data: Buffer.from(audio.data, "base64"), mimeType: "audio/wav" } };
    throw new UpstreamError({ provider: WANX_PROVIDER, status: 502, message: "speech answer held no audio" });
  },
};
