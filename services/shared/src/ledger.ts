// A tenant's credit ledger as read by the operator console and the tenant's own admins: rows, filters and pages.
import { z } from "zod";
import { pageOf, pageQuery } from "./pagination";

export const ledgerKind = z.enum(["hold", "settle", "release", "recharge", "adjust", "purchase", "redeem", "expiry"]);
export type LedgerKind = z.infer<typeof ledgerKind>;

export const ledgerQuery = pageQuery.extend({
  kind: ledgerKind.optional(),
  /** ISO dates or datetimes; `to` is exclusive. */
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
});
export type LedgerQuery = z.infer<typeof ledgerQuery>;

export const ledgerEntry = z.object({
  seq: z.number().int(),
  kind: ledgerKind,
  amount: z.number().int(),
  balanceAfter: z.number().int(),
  holdId: z.string().nullable(),
  requestId: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type LedgerEntry = z.infer<typeof ledgerEntry>;
export const ledgerPage = pageOf(ledgerEntry);
export type LedgerPage = z.infer<typeof ledgerPage>;

/**
 * One line per call: a hold and its settle or release folded together (net amount, what was held, the model and the
 * operation it paid for); every other movement (recharge, adjust, purchase, redeem) is a line of its own.
 */
export const ledgerCall = z.object({
  /** The first ledger row of the line. */
  seq: z.number().int(),
  /** The line's last row: settle / release for a closed call, hold for one still running, else the movement's kind. */
  kind: z.string(),
  /** Net change of the balance: a settled call's cost, 0 for a refunded one, the hold while it runs. */
  amount: z.number().int(),
  /** What the call held, when it was a call. */
  held: z.number().int().nullable(),
  balanceAfter: z.number().int(),
  holdId: z.string().nullable(),
  requestId: z.string().nullable(),
  note: z.string().nullable(),
  model: z.string().nullable(),
  modelName: z.string().nullable(),
  operation: z.string().nullable(),
  createdAt: z.string(),
});
export type LedgerCall = z.infer<typeof ledgerCall>;
export const ledgerCallPage = pageOf(ledgerCall);
export type LedgerCallPage = z.infer<typeof ledgerCallPage>;

export const ledgerCallQuery = ledgerQuery.omit({ kind: true }).extend({ kind: z.string().max(30).optional() });
export type LedgerCallQuery = z.infer<typeof ledgerCallQuery>;
