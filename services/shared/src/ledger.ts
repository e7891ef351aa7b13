// A tenant's credit ledger as read by the operator console and the tenant's own admins: rows, filters and pages.
import { z } from "zod";
import { pageOf, pageQuery } from "./pagination";

export const ledgerKind = z.enum(["hold", "settle", "release", "recharge", "adjust", "purchase", "redeem"]);
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
