// The Midjourney model row: seeded once (an operator's later price edits stay), priced per request.
import type { ServerDb } from "@waule/db/connect";
import { models } from "@waule/db/server";
import { MIDJOURNEY_MODEL } from "@waule/shared/midjourney";

/**
 * `pricing`: multipliers of `price` for button actions (an upscale renders one image, so it costs less than a grid),
 * and `deadlineSeconds`, since a Discord account's queue can hold a job far longer than a video provider does.
 */
export const midjourneyModel = {
  id: MIDJOURNEY_MODEL,
  capability: "midjourney",
  provider: "midjourney",
  upstreamModel: MIDJOURNEY_MODEL,
  displayName: "Midjourney",
  priceUnit: "per_request",
  price: 40,
  pricing: { upscale: 0.5, variation: 1, reroll: 1, deadlineSeconds: 1800 },
  sortOrder: 200,
} as const satisfies Omit<typeof models.$inferInsert, "createdAt">;

export async function seedMidjourneyModel(db: ServerDb, now: number): Promise<void> {
  await db
    .insert(models)
    .values({ ...midjourneyModel, pricing: { ...midjourneyModel.pricing }, createdAt: new Date(now) })
    .onConflictDoNothing({ target: models.id });
}
