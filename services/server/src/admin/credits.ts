// Operator credit changes and ledger reads. Balances change only through billing/ledger.ts; this adds the ledger row to the answer.
import type { ServerDb } from "@waule/db/connect";
import { creditLedger, type LedgerRow } from "@waule/db/server";
import type { AdminLedgerEntry, AdminLedgerPage, CreditChangeResponse, LedgerQuery } from "@waule/shared/admin";
import { AppError } from "@waule/shared/errors";
import { and, asc, count, desc, eq, type SQL } from "drizzle-orm";
import { changeBalance } from "../billing/ledger";
import { getTenant } from "../tenants/tenants";

export function toLedgerEntry(r: LedgerRow): AdminLedgerEntry {
  return {
    seq: r.seq,
    kind: r.kind,
    amount: r.amount,
    balanceAfter: r.balanceAfter,
    holdId: r.holdId,
    requestId: r.requestId,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * A recharge (adds) or adjustment (adds or removes). The ledger refuses a change that would make the
 * balance negative with 402 and writes nothing.
 */
export async function changeCredits(
  ctx: { db: ServerDb; now: number },
  input: { tenantId: string; kind: "recharge" | "adjust"; credits: number; note: string },
): Promise<CreditChangeResponse> {
  await getTenant(ctx.db, input.tenantId);
  const balance = await changeBalance(ctx, { tenantId: input.tenantId, kind: input.kind, amount: input.credits, note: input.note });
  // The ledger row that change wrote: the tenant's newest row of this kind, amount and note.
  const [row] = await ctx.db
    .select()
    .from(creditLedger)
    .where(and(eq(creditLedger.tenantId, input.tenantId), eq(creditLedger.kind, input.kind), eq(creditLedger.amount, input.credits)))
    .orderBy(desc(creditLedger.seq))
    .limit(1);
  if (!row) throw new AppError("internal_error", "the ledger row of the change was not found");
  return { balance, entry: toLedgerEntry(row) };
}

export async function listLedger(db: ServerDb, tenantId: string, query: LedgerQuery): Promise<AdminLedgerPage> {
  await getTenant(db, tenantId);
  const filters: SQL[] = [eq(creditLedger.tenantId, tenantId)];
  if (query.kind) filters.push(eq(creditLedger.kind, query.kind));
  const where = and(...filters);
  const order = query.order === "asc" ? asc(creditLedger.seq) : desc(creditLedger.seq);
  const [rows, [total]] = await Promise.all([
    db.select().from(creditLedger).where(where).orderBy(order).limit(query.limit).offset((query.page - 1) * query.limit),
    db.select({ n: count() }).from(creditLedger).where(where),
  ]);
  return { data: rows.map(toLedgerEntry), page: query.page, limit: query.limit, total: total?.n ?? 0 };
}
