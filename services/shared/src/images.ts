// Image generation: the public OpenAI-compatible shape and the internal server→gateway shape.
import { z } from "zod";
import { requestedProvider } from "./models";

export const imageSize = z
  .string()
  .regex(/^\d{2,4}x\d{2,4}$/, "size must look like 1024x1024")
  .refine((s) => s.split("x").every((n) => Number(n) >= 64 && Number(n) <= 4096), "each side must be 64..4096 pixels");

export function parseSize(size: string): { width: number; height: number } {
  const [w, h] = size.split("x").map(Number);
  return { width: w ?? 1024, height: h ?? 1024 };
}

/** POST /api/v1/images/generations — OpenAI's body plus Waule extensions. */
export const imageGenerationRequest = z
  .object({
    model: z.string().min(1).max(100),
    prompt: z.string().min(1).max(4000),
    n: z.number().int().min(1).max(10).default(1),
    size: imageSize.default("1024x1024"),
    response_format: z.enum(["url", "b64_json"]).default("url"),
    quality: z.string().max(20).optional(),
    style: z.string().max(20).optional(),
    user: z.string().max(200).optional(),
    /** Waule: a reference image (URL) for image-to-image models. */
    reference_image: z.url().max(2000).optional(),
    /** Waule: the model's provider, if named, must be the catalogue's (see requestedProvider). */
    provider: requestedProvider,
    /** Waule: deterministic seed where the provider supports one. */
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
  })
  .strict();
export type ImageGenerationRequest = z.infer<typeof imageGenerationRequest>;

export const imageGenerationResponse = z.object({
  created: z.number().int(),
  data: z.array(
    z.object({ url: z.string().optional(), b64_json: z.string().optional(), revised_prompt: z.string().optional() }),
  ),
  waule: z.object({ request_id: z.string(), credits: z.number().int(), sandbox: z.boolean() }).optional(),
});
export type ImageGenerationResponse = z.infer<typeof imageGenerationResponse>;

/** Where the gateway stores results: the platform bucket, or a tenant's own (passed per call, never persisted). */
export const storageTarget = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("PLATFORM") }),
  z.object({
    mode: z.literal("CUSTOM"),
    endpoint: z.url(),
    bucket: z.string().min(1),
    region: z.string().min(1),
    accessKeyId: z.string().min(1),
    secretAccessKey: z.string().min(1),
    // Result links start with it and are rendered as <a href>: a javascript: or data: base would be stored XSS.
    publicBaseUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
    forcePathStyle: z.boolean().default(true),
  }),
]);
export type StorageTarget = z.infer<typeof storageTarget>;

/** POST /internal/v1/images/generations */
export const internalImageRequest = z.object({
  tenantId: z.string().min(1),
  requestId: z.string().min(1),
  model: z.string().min(1),
  provider: z.string().optional(),
  upstreamModel: z.string().optional(),
  prompt: z.string().min(1),
  n: z.number().int().min(1).max(10),
  width: z.number().int().min(64).max(4096),
  height: z.number().int().min(64).max(4096),
  seed: z.number().int().optional(),
  referenceImage: z.string().optional(),
  storage: storageTarget.default({ mode: "PLATFORM" }),
});
export type InternalImageRequest = z.infer<typeof internalImageRequest>;

export const storedFile = z.object({
  url: z.string(),
  key: z.string(),
  mimeType: z.string(),
  bytes: z.number().int(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  durationSeconds: z.number().optional(),
});
export type StoredFile = z.infer<typeof storedFile>;

export const internalImageResponse = z.object({
  provider: z.string(),
  model: z.string(),
  sandbox: z.boolean(),
  images: z.array(storedFile.extend({ revisedPrompt: z.string().optional() })),
});
export type InternalImageResponse = z.infer<typeof internalImageResponse>;
