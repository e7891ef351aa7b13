// Text to speech against POST <baseUrl>/audio/speech; the answer body is the audio file itself.

import type { SpeechCapability, SpeechInput } from "../types.ts";
import { UpstreamError } from "../upstream-error.ts";
import { type OpenAIEndpoint, postOpenAI } from "./client.ts";

const mimeByFormat: Record<SpeechInput["format"], string> = {
  mp3: "audio/mpeg",
  wav: "audio/wav",
  opus: "audio/opus",
  aac: "audio/aac",
  flac: "audio/flac",
  pcm: "audio/pcm",
};

export function createOpenAISpeech(endpoint: OpenAIEndpoint): SpeechCapability {
  return {
    async synthesize(input, ctx) {
      const body: Record<string, unknown> = {
        model: input.model,
        input: input.input,
        voice: input.voice,
        response_format: input.format,
      };
      if (input.speed !== undefined) body.speed = input.speed;
      const res = await postOpenAI(endpoint, ctx, "/audio/speech", body);
      const data = new Uint8Array(await res.arrayBuffer());
      if (data.length === 0)
        throw new UpstreamError({ provider: endpoint.provider, status: 502, message: "speech answer was empty" });
      return { audio: { kind: "bytes", data, mimeType: audioMime(res.headers.get("content-type"), input.format) } };
    },
  };
}

/** Trust the upstream's content type when it names audio; generic types (octet-stream) fall back to the requested format. */
function audioMime(contentType: string | null, format: SpeechInput["format"]): string {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  return type?.startsWith("audio/") ? type : mimeByFormat[format];
}
