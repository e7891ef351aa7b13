// GET /api/v1/models as the web app reads it: OpenAI's list shape with Waule's `waule` block (capability, name, price).
// TODO(integrator): no shared schema exists for this response yet; move this one to @waule/shared when the server adopts one.
import { z } from "zod";

export const modelEntry = z.object({
  id: z.string(),
  waule: z
    .object({
      display_name: z.string().nullish(),
      capability: z.string(),
      sandbox: z.boolean().optional(),
    })
    .loose(),
});
export type ModelEntry = z.infer<typeof modelEntry>;

export const modelList = z.object({ data: z.array(modelEntry) });

export function isImageModel(model: ModelEntry): boolean {
  return model.waule.capability === "image";
}

export function modelLabel(model: ModelEntry): string {
  return model.waule.display_name || model.id;
}
