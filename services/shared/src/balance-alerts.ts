// A tenant's low-balance alert: the threshold it sets, and the `balance.low` event its webhook receives.
import { z } from "zod";

/** PUT /api/v1/tenant/balance-alert. null turns the alert off; any change re-arms it. */
export const balanceAlertRequest = z
  .object({ threshold: z.number().int().min(1).max(1_000_000_000).nullable() })
  .strict();
export type BalanceAlertRequest = z.infer<typeof balanceAlertRequest>;

export const balanceAlertSettings = z.object({
  threshold: z.number().int().nullable(),
  balance: z.number().int(),
  /** The balance is below the threshold (the web app shows its banner). */
  low: z.boolean(),
  /** An event was sent for the current dip; the next one waits until credits lift the balance back. */
  alerted: z.boolean(),
});
export type BalanceAlertSettings = z.infer<typeof balanceAlertSettings>;

/** The webhook body of `balance.low`, signed like task events; `id` is stable across retries. */
export const balanceLowPayload = z.object({
  id: z.string(),
  object: z.literal("event"),
  type: z.literal("balance.low"),
  created_at: z.number().int(),
  data: z.object({ tenant_id: z.string(), balance: z.number().int(), threshold: z.number().int() }),
});
export type BalanceLowPayload = z.infer<typeof balanceLowPayload>;
