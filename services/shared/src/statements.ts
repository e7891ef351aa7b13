// Statements: the CSV exports' date range and the monthly statement that reconciles to the ledger.
import { z } from "zod";

const instant = z.iso.datetime({ offset: true }).or(z.iso.date());

/** GET …/statements/ledger.csv and …/usage.csv: rows with from <= created_at < to (both optional). */
export const statementRangeQuery = z
  .object({ from: instant.optional(), to: instant.optional() })
  .refine((q) => !q.from || !q.to || new Date(q.from).getTime() < new Date(q.to).getTime(), {
    message: "`from` must be before `to`",
    path: ["to"],
  });
export type StatementRangeQuery = z.infer<typeof statementRangeQuery>;

/** GET …/statements/monthly?month=2026-11: one calendar month in UTC. */
export const monthlyStatementQuery = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "month must be YYYY-MM"),
});
export type MonthlyStatementQuery = z.infer<typeof monthlyStatementQuery>;

export const monthlyStatement = z.object({
  tenant_id: z.string(),
  month: z.string(),
  from: z.string(),
  to: z.string(),
  opening_balance: z.number().int(),
  purchases: z.number().int(),
  recharges: z.number().int(),
  redeems: z.number().int(),
  adjustments: z.number().int(),
  /** Credits that ran out of validity (the `expiry` rows, ≤ 0). */
  expired: z.number().int(),
  spend: z.object({
    total: z.number().int(),
    by_model: z.array(
      z.object({ model: z.string(), operation: z.string(), calls: z.number().int(), credits: z.number().int() }),
    ),
  }),
  /** Credits reserved by calls still running at the month's start and end (held, not yet spent or refunded). */
  held_at_start: z.number().int(),
  held_at_end: z.number().int(),
  /** opening + purchases + recharges + redeems + adjustments + expired − spend + held_at_start − held_at_end. */
  closing_balance: z.number().int(),
});
export type MonthlyStatement = z.infer<typeof monthlyStatement>;
