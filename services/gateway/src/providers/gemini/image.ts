// Image generation: Gemini image models through generateContent (inlineData answers), Imagen models through :predict.
import { AppError } from "@waule/shared/errors";
import type { ImageCapability, ImageInput, ImageOutput, ProviderContext } from "../types.ts";
import { UpstreamError } from "../upstream-error.ts";
import { modelPath } from "./chat.ts";
import { geminiProviderName, geminiRequest, isSafetyReason, readGeminiJson, refusal } from "./client.ts";
import { type GeminiPart, type GenerateContentResponse, imagePart } from "./contents.ts";

/** Aspect ratios each family documents; a requested size is sent as the nearest one. */
const geminiRatios = ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"];
const imagenRatios = ["1:1", "3:4", "4:3", "9:16", "16:9"];

type PredictResponse = {
  predictions?: { bytesBase64Encoded?: string; mimeType?: string; raiFilteredReason?: string }[];
};

export const geminiImage: ImageCapability = {
  generate(input, ctx) {
    return isImagen(input.model) ? generateWithImagen(input, ctx) : generateWithGemini(input, ctx);
  },
};

function isImagen(model: string): boolean {
  return model.replace(/^models\//, "").startsWith("imagen-");
}

async function generateWithImagen(input: ImageInput, ctx: ProviderContext): Promise<ImageOutput> {
  if (input.referenceImage)
    throw new AppError("invalid_request", "gemini: Imagen models do not take a reference image");
  const body = {
    instances: [{ prompt: input.prompt }],
    parameters: { sampleCount: input.n, aspectRatio: nearestRatio(input.width, input.height, imagenRatios) },
  };
  const res = await geminiRequest(ctx, "POST", `${modelPath(input.model)}:predict`, body);
  const answer = await readGeminiJson<PredictResponse>(res);
  const predictions = answer.predictions ?? [];
  const images: ImageOutput["images"] = predictions
    .filter((p) => typeof p.bytesBase64Encoded === "string" && p.bytesBase64Encoded !== "")
    .map((p) => ({ kind: "bytes", data: decodeBase64(p.bytesBase64Encoded!), mimeType: p.mimeType ?? "image/png" }));
  // Imagen drops filtered images from `predictions` instead of failing the call.
  if (images.length === 0)
    throw refusal("IMAGE_SAFETY", predictions.find((p) => p.raiFilteredReason)?.raiFilteredReason);
  return { images };
}

/** Gemini image models answer one image per call, so n images are n calls, made in turn so a failure stops the spending. */
async function generateWithGemini(input: ImageInput, ctx: ProviderContext): Promise<ImageOutput> {
  const images: ImageOutput["images"] = [];
  for (let i = 0; i < input.n; i++) {
    const parts: GeminiPart[] = [{ text: input.prompt }];
    if (input.referenceImage) parts.push(imagePart(input.referenceImage));
    const generationConfig: Record<string, unknown> = {
      // TEXT+IMAGE is accepted by every Gemini image model (some reject IMAGE alone); the text is ignored.
      responseModalities: ["TEXT", "IMAGE"],
      imageConfig: { aspectRatio: nearestRatio(input.width, input.height, geminiRatios) },
    };
    if (input.seed !== undefined) generationConfig.seed = input.seed + i;
    const res = await geminiRequest(ctx, "POST", `${modelPath(input.model)}:generateContent`, {
      contents: [{ role: "user", parts }],
      generationConfig,
    });
    images.push(imageFrom(await readGeminiJson<GenerateContentResponse>(res)));
  }
  return { images };
}

function imageFrom(answer: GenerateContentResponse): ImageOutput["images"][number] {
  const block = answer.promptFeedback?.blockReason;
  if (block) throw refusal(block, answer.promptFeedback?.blockReasonMessage);
  const candidate = answer.candidates?.[0];
  const inline = candidate?.content?.parts?.find((p) => p.inlineData?.data)?.inlineData;
  if (inline?.data) return { kind: "bytes", data: decodeBase64(inline.data), mimeType: inline.mimeType ?? "image/png" };
  if (isSafetyReason(candidate?.finishReason)) throw refusal(candidate!.finishReason!);
  // The model answered with text only (finishReason STOP or NO_IMAGE): nothing to bill, and another key will not help.
  throw new UpstreamError({
    provider: geminiProviderName,
    status: 200,
    upstreamCode: candidate?.finishReason ?? "NO_IMAGE",
    message: "the model answered without an image",
  });
}

export function nearestRatio(width: number, height: number, ratios: string[]): string {
  const target = Math.log(width / height);
  let best = ratios[0]!;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const ratio of ratios) {
    const [w, h] = ratio.split(":").map(Number) as [number, number];
    const distance = Math.abs(Math.log(w / h) - target);
    if (distance < bestDistance) {
      best = ratio;
      bestDistance = distance;
    }
  }
  return best;
}

function decodeBase64(data: string): Uint8Array {
  return Uint8Array.from(Buffer.from(data, "base64"));
}
