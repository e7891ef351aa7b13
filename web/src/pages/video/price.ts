// A video's price as the server fixes it at submit: seconds × per-second price × the model's resolution multiplier.
import type { VideoResolution } from "@waule/shared/videos";
import type { ModelEntry } from "../../api/models";

export function estimateVideoCredits(model: ModelEntry | undefined, duration: number, resolution: VideoResolution): number | null {
  const price = model?.waule.price;
  if (price === undefined) return null;
  const multiplier = model?.waule.pricing?.[resolution] ?? 1;
  const base = price * multiplier;
  return Math.ceil(model?.waule.price_unit === "per_second" ? base * duration : base);
}
