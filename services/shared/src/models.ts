// GET /api/v1/models: OpenAI's model list with Waule's `waule` block (capability, display name, price), as the server answers it.
import { z } from "zod";

export const modelCapability = z.enum(["image", "chat", "speech", "video", "midjourney"]);
export type ModelCapability = z.infer<typeof modelCapability>;

/** A provider's name as the model catalogue stores it (and a request may repeat it): lowercase letters, digits, _ and -. */
export const providerName = z.string().regex(/^[a-z0-9_-]{1,50}$/, "a lowercase provider name");

/**
 * The `provider` field of a billed call (images, chat, speech, video). The catalogue names the one provider
 * that serves each model, so this may only repeat it: the server refuses any other value with 400 before
 * anything is held, and always sends the catalogue's provider to the gateway.
 */
export const requestedProvider = providerName.optional();

export const modelPriceUnit = z.enum(["per_image", "per_1k_tokens", "per_1k_chars", "per_second", "per_request"]);
export type ModelPriceUnit = z.infer<typeof modelPriceUnit>;

/**
 * One listed model. The `waule` block is loose so a field the server adds later does not break an
 * older client; capability and price unit are closed sets because prices are computed from them.
 */
export const modelEntry = z.object({
  id: z.string(),
  object: z.literal("model").optional(),
  created: z.number().int().optional(),
  owned_by: z.string().optional(),
  waule: z
    .object({
      display_name: z.string().nullish(),
      capability: modelCapability,
      /** Credits per price unit. */
      price: z.number().min(0).optional(),
      price_unit: modelPriceUnit.optional(),
      /** Extra pricing knobs, e.g. per-resolution multipliers of a video model. */
      pricing: z.record(z.string(), z.number()).nullish(),
      sandbox: z.boolean().optional(),
    })
    .loose(),
});
export type ModelEntry = z.infer<typeof modelEntry>;

export const modelList = z.object({ object: z.literal("list").optional(), data: z.array(modelEntry) });
export type ModelList = z.infer<typeof modelList>;
