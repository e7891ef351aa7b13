// What one Midjourney job costs, fixed at submit: the model's per-request price, times the button's multiplier for actions.
import type { Model } from "@waule/db/server";
import { AppError } from "@waule/shared/errors";

/** "MJ::JOB::upsample::1::<hash>" → "upscale"; variation and reroll keep their names; anything else is "action". */
export function actionKind(customId: string): string {
  const verb = customId.split("::")[2] ?? "";
  if (verb.startsWith("upsample")) return "upscale";
  if (verb.startsWith("variation") || verb.startsWith("low_variation") || verb.startsWith("high_variation")) return "variation";
  if (verb === "reroll") return "reroll";
  return "action";
}

/** `action` absent: an imagine. A multiplier the pricing JSON does not name is 1; fractions round up. */
export function midjourneyCost(model: Pick<Model, "id" | "price" | "pricing">, action?: { customId: string }): number {
  const multiplier = action ? (model.pricing?.[actionKind(action.customId)] ?? model.pricing?.action ?? 1) : 1;
  if (!Number.isFinite(multiplier) || multiplier < 0) throw new AppError("internal_error", `model ${model.id} has a bad Midjourney price multiplier`);
  return Math.ceil(model.price * multiplier);
}
