// Credits that expire: what a tenant sees of its credit grants (GET /api/v1/credits/expiring).
import { z } from "zod";

export const expiringCredits = z.object({
  id: z.string(),
  /** `purchase` (a package with a validity) or `redeem`. */
  source: z.string(),
  credits: z.number().int(),
  /** Still unspent as of the expiry sweep's last pass (it runs every few seconds). */
  remaining: z.number().int(),
  expires_at: z.string(),
});
export type ExpiringCreditsView = z.infer<typeof expiringCredits>;
export const expiringCreditList = z.object({ data: z.array(expiringCredits) });
export type ExpiringCreditList = z.infer<typeof expiringCreditList>;
