// GET /api/v1/models as the web app reads it: OpenAI's list shape, tolerant of how Waule marks a model's kind.
import { z } from "zod";

export const modelEntry = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    type: z.string().optional(),
    capability: z.string().optional(),
    capabilities: z.array(z.string()).optional(),
    sandbox: z.boolean().optional(),
  })
  .loose();
export type ModelEntry = z.infer<typeof modelEntry>;

export const modelList = z.object({ data: z.array(modelEntry) }).loose();

/** A model counts as an image model when any of the fields Waule may use to mark its kind says "image". */
export function isImageModel(model: ModelEntry): boolean {
  const kinds = [model.type, model.capability, ...(model.capabilities ?? [])].filter((k): k is string => !!k);
  return kinds.some((k) => k === "image" || k.startsWith("image"));
}
