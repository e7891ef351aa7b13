// The tenant's own credit ledger, read-only: paginated, filtered by kind and a date range ([from, to)).
import type { ServerDb } from "@waule/db/connect";
import { creditLedger } from "@waule/db/server";
import type { LedgerPage, LedgerQuery } from "@waule/shared/tenant-admin";
import { and, asc, count, desc, eq, gte, lt, type SQL } from "drizzle-orm";

export async function listTenantLedger(db: ServerDb, tenantId: string, query: LedgerQuery): Promise<LedgerPage> {
  const filters: SQL[] = [eq(creditLedger.tenantId, tenantId)];
  if (query.kind) filters.push(eq(creditLedger.kind, query.kind));
  if (query.from) filters.push(gte(creditLedger.createdAt, new Date(query.from)));
  if (query.to) filters.push(lt(creditLedger.createdAt, new Date(query.to)));
  const where = and(...filters);
  // seq is the append order, a stable tiebreak for rows written in the same millisecond.
  const order = query.order === "asc" ? [asc(creditLedger.seq)] : [desc(creditLedger.seq)];
  const [rows, [total]] = await Promise.all([
    db.select().from(creditLedger).where(where).orderBy(...order).limit(query.limit).offset((query.page - 1) * query.limit),
    db.select({ n: count() }).from(creditLedger).where(where),
  ]);
  return {
    data: rows.map((r) => ({
      seq: r.seq,
      kind: r.kind,
      amount: r.amount,
      balanceAfter: r.balanceAfter,
      holdId: r.holdId,
      requestId: r.requestId,
      note: r.note,
      createdAt: r.createdAt.toISOString(),
    })),
    page: query.page,
    limit: query.limit,
    total: total?.n ?? 0,
  };
}
