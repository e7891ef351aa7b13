// The price of a video, fixed at submit: seconds × the model's per-second price × its resolution multiplier.
import type { Model } from "@waule/db/server";
import { AppError } from "@waule/shared/errors";
import type { VideoResolution } from "@waule/shared/videos";

/**
 * `models.pricing` may hold a multiplier per resolution, e.g. {"480p": 0.5, "720p": 1, "1080p": 2};
 * a resolution it does not name costs the base price. Fractions round up, so a video never costs less than listed.
 */
export function videoCost(model: Pick<Model, "id" | "price" | "priceUnit" | "pricing">, duration: number, resolution: VideoResolution): number {
  const multiplier = model.pricing?.[resolution] ?? 1;
  if (!Number.isFinite(multiplier) || multiplier < 0) throw new AppError("internal_error", `model ${model.id} has a bad price multiplier for ${resolution}`);
  const perSecond = model.price * multiplier;
  const cost = model.priceUnit === "per_second" ? perSecond * duration : model.price * multiplier;
  return Math.ceil(cost);
}
