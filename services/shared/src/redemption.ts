// Redemption codes (卡密): what an operator sends to generate a batch, what the console lists, and a tenant's redeem.
import { z } from "zod";
import { pageOf, pageQuery } from "./pagination";

/** POST /admin/api/redemption-codes. The answer carries the codes this once; only their hashes are stored. */
export const redemptionBatchRequest = z
  .object({
    count: z.number().int().min(1).max(1000),
    credits: z.number().int().min(1).max(100_000_000),
    /** How many times each code may be used (by different tenants: a tenant uses a given code at most once). */
    max_uses: z.number().int().min(1).max(100_000).default(1),
    expires_at: z.iso.datetime({ offset: true }).optional(),
    /** The redeemed credits expire this many days after the use (spent first, earliest expiry first); absent: never. */
    validity_days: z.number().int().min(1).max(3650).optional(),
    note: z.string().trim().max(200).optional(),
  })
  .strict();
export type RedemptionBatchRequest = z.infer<typeof redemptionBatchRequest>;

export const redemptionBatchState = z.enum(["active", "disabled", "expired", "used_up"]);
export type RedemptionBatchState = z.infer<typeof redemptionBatchState>;

export const redemptionBatch = z.object({
  id: z.string(),
  credits: z.number().int(),
  max_uses: z.number().int(),
  code_count: z.number().int(),
  /** Uses across every code of the batch, and codes with no use left. */
  uses: z.number().int(),
  codes_used_up: z.number().int(),
  note: z.string().nullable(),
  state: redemptionBatchState,
  expires_at: z.string().nullable(),
  validity_days: z.number().int().nullable(),
  disabled_at: z.string().nullable(),
  created_by: z.string(),
  created_at: z.string(),
});
export type RedemptionBatchView = z.infer<typeof redemptionBatch>;

export const redemptionBatchCreated = z.object({ batch: redemptionBatch, codes: z.array(z.string()) });
export type RedemptionBatchCreated = z.infer<typeof redemptionBatchCreated>;

export const redemptionBatchQuery = pageQuery.extend({ state: redemptionBatchState.optional() });
export type RedemptionBatchQuery = z.infer<typeof redemptionBatchQuery>;
export const redemptionBatchPage = pageOf(redemptionBatch);
export type RedemptionBatchPage = z.infer<typeof redemptionBatchPage>;

/** POST /api/v1/redeem. Spaces, dashes and case in the code do not matter. */
export const redeemRequest = z.object({ code: z.string().trim().min(1).max(100) }).strict();
export type RedeemRequest = z.infer<typeof redeemRequest>;

export const redeemResponse = z.object({
  credits_added: z.number().int(),
  balance: z.number().int(),
  ledger_seq: z.number().int(),
});
export type RedeemResponse = z.infer<typeof redeemResponse>;
