// The web app's view of GET /api/v1/models: the shared schema, plus picking models by capability and naming them.
import type { ModelCapability, ModelEntry } from "@waule/shared/models";

export type { ModelEntry } from "@waule/shared/models";

export function hasCapability(capability: ModelCapability): (model: ModelEntry) => boolean {
  return (model) => model.waule.capability === capability;
}

export const isImageModel = hasCapability("image");

export function modelLabel(model: ModelEntry): string {
  return model.waule.display_name || model.id;
}
