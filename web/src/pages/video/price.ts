// A video's price as the server fixes it at submit, by the same rule (@waule/shared/pricing):
// seconds × per-second price × the model's resolution multiplier.
import { videoCredits } from "@waule/shared/pricing";
import type { VideoResolution } from "@waule/shared/videos";
import type { ModelEntry } from "../../api/models";

/** Null when the model lists no price or a price the server itself would refuse, so the page shows no wrong number. */
export function estimateVideoCredits(
  model: ModelEntry | undefined,
  duration: number,
  resolution: VideoResolution,
): number | null {
  const price = model?.waule.price;
  if (model === undefined || price === undefined) return null;
  try {
    return videoCredits(
      { id: model.id, price, priceUnit: model.waule.price_unit, pricing: model.waule.pricing },
      duration,
      resolution,
    );
  } catch {
    return null;
  }
}
