// Seedream image generation on Ark: POST /images/generations, text-to-image and image-to-image in one call.

import type { ImageCapability, ImageInput, ImageOutput, ProviderContext } from "../types";
import { UpstreamError } from "../upstream-error";
import { arkRequest, arkTaskFailure, DOUBAO_PROVIDER } from "./client";

export type SeedreamResponseFormat = "url" | "b64_json";

type SeedreamAnswer = {
  model?: string;
  data?: { url?: string; b64_json?: string; size?: string; error?: { code?: string; message?: string } }[];
};

/** Ark documents Seedream output as JPEG. */
const SEEDREAM_MIME = "image/jpeg";

export function seedreamRequestBody(
  input: ImageInput,
  responseFormat: SeedreamResponseFormat,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: input.model,
    prompt: input.prompt,
    size: `${input.width}x${input.height}`,
    response_format: responseFormat,
    // The platform stores and serves the result itself; Ark's visible "AI generated" mark is opt-in.
    watermark: false,
  };
  if (input.seed !== undefined) body.seed = input.seed;
  if (input.referenceImage) body.image = input.referenceImage;
  // Several images come from Seedream's group mode; the model may return fewer than max_images.
  if (input.n > 1) {
    body.sequential_image_generation = "auto";
    body.sequential_image_generation_options = { max_images: input.n };
  }
  return body;
}

export function createSeedreamImage(options: { responseFormat?: SeedreamResponseFormat } = {}): ImageCapability {
  const responseFormat = options.responseFormat ?? "url";
  return {
    async generate(input: ImageInput, ctx: ProviderContext): Promise<ImageOutput> {
      const answer = await arkRequest<SeedreamAnswer>(
        ctx,
        "POST",
        "/images/generations",
        seedreamRequestBody(input, responseFormat),
      );
      return parseSeedreamAnswer(answer, input);
    },
  };
}

export function parseSeedreamAnswer(answer: SeedreamAnswer, input: Pick<ImageInput, "width" | "height">): ImageOutput {
  const images: ImageOutput["images"] = [];
  let firstError: { code?: string; message?: string } | undefined;
  for (const item of answer.data ?? []) {
    const size = parseSize(item.size) ?? { width: input.width, height: input.height };
    if (item.b64_json) {
      images.push({ kind: "bytes", data: Buffer.from(item.b64_json, "base64"), mimeType: SEEDREAM_MIME, ...size });
    } else if (item.url) {
      images.push({ kind: "url", url: item.url, mimeType: SEEDREAM_MIME, ...size });
    } else if (item.error) {
      // In group mode one image can be refused while the others succeed; keep the ones we got.
      firstError ??= item.error;
    }
  }
  if (images.length > 0) return { images };
  if (firstError) throw new UpstreamError(arkTaskFailure(firstError.code, firstError.message));
  throw new UpstreamError({ provider: DOUBAO_PROVIDER, status: 502, message: "answer held no images" });
}

function parseSize(size: string | undefined): { width: number; height: number } | undefined {
  const match = size?.match(/^(\d+)x(\d+)$/);
  return match ? { width: Number(match[1]), height: Number(match[2]) } : undefined;
}
