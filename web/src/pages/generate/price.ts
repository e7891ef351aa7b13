// Images' price before the call, by the server's own rule (@waule/shared/pricing): the model's per-image price × count.
import { imageCredits } from "@waule/shared/pricing";
import type { ModelEntry } from "../../api/models";

/** Null when the model lists no price, so the page shows no number rather than a wrong one. The server bills
 * price × images whatever the unit says (images/generate.ts), so the estimate does too. */
export function estimateImageCredits(model: ModelEntry | undefined, count: number): number | null {
  const price = model?.waule.price;
  if (price === undefined) return null;
  return imageCredits({ price }, count);
}
