// Midjourney prices as the server fixes them at submit, by the same rule (@waule/shared/pricing): the model's
// per-request price for an imagine, times the button kind's multiplier for an action.
import { midjourneyCredits } from "@waule/shared/pricing";
import type { ModelEntry } from "../../api/models";

/** Null when the model lists no price or one the server itself would refuse, so the page shows no wrong number. */
export function estimateMidjourneyCredits(model: ModelEntry | undefined, customId?: string): number | null {
  const price = model?.waule.price;
  if (model === undefined || price === undefined) return null;
  try {
    return midjourneyCredits(
      { id: model.id, price, pricing: model.waule.pricing },
      customId === undefined ? undefined : { customId },
    );
  } catch {
    return null;
  }
}
