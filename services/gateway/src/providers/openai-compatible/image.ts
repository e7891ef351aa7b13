// Image generation against POST <baseUrl>/images/generations; answers carry b64_json (gpt-image-1) or url (dall-e, many compatible vendors).
import { AppError } from "@waule/shared/errors";
import type { ImageCapability, ImageOutput } from "../types.ts";
import { UpstreamError } from "../upstream-error.ts";
import { embeddedErrorFrom, type OpenAIEndpoint, postOpenAI, readOpenAIJson } from "./client.ts";

type OpenAIImagesResponse = {
  data?: { b64_json?: string; url?: string; revised_prompt?: string }[];
  output_format?: string;
  error?: unknown;
};

export function createOpenAIImage(endpoint: OpenAIEndpoint): ImageCapability {
  return {
    async generate(input, ctx) {
      // Edits with a reference image need the multipart /images/edits endpoint, which this adapter does not speak.
      if (input.referenceImage)
        throw new AppError("invalid_request", `${endpoint.provider}: reference images are not supported`);
      // No response_format: gpt-image-1 rejects it, and both answer shapes are handled below.
      const body = { model: input.model, prompt: input.prompt, n: input.n, size: `${input.width}x${input.height}` };
      const res = await postOpenAI(endpoint, ctx, "/images/generations", body);
      const answer = await readOpenAIJson<OpenAIImagesResponse>(endpoint.provider, res);
      if (answer.error && !answer.data) throw embeddedErrorFrom(endpoint.provider, answer);
      const images: ImageOutput["images"] = [];
      for (const item of answer.data ?? []) {
        const extra = item.revised_prompt ? { revisedPrompt: item.revised_prompt } : {};
        if (item.b64_json) {
          const data = Uint8Array.from(Buffer.from(item.b64_json, "base64"));
          images.push({
            kind: "bytes",
            data,
            mimeType: sniffImageMime(data, answer.output_format),
            width: input.width,
            height: input.height,
            ...extra,
          });
        } else if (item.url) {
          images.push({ kind: "url", url: item.url, width: input.width, height: input.height, ...extra });
        }
      }
      if (images.length === 0)
        throw new UpstreamError({ provider: endpoint.provider, status: 502, message: "answer contained no images" });
      return { images };
    },
  };
}

/** The bytes decide; `output_format` (gpt-image-1) is the fallback; PNG is OpenAI's default. */
export function sniffImageMime(data: Uint8Array, outputFormat?: string): string {
  if (data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return "image/png";
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return "image/jpeg";
  if (
    data[0] === 0x52 &&
    data[1] === 0x49 &&
    data[2] === 0x46 &&
    data[3] === 0x46 &&
    data[8] === 0x57 &&
    data[9] === 0x45
  )
    return "image/webp";
  if (outputFormat === "jpeg" || outputFormat === "jpg") return "image/jpeg";
  if (outputFormat === "webp") return "image/webp";
  return "image/png";
}
