// Reading a tenant's ledger (operator console and tenant admins alike): rows filtered by kind and a date range ([from, to)), in pages.

import type { ServerDb } from "@waule/db/connect";
import { readPage } from "@waule/db/paging";
import { creditLedger, type LedgerRow } from "@waule/db/server";
import type { LedgerEntry, LedgerPage, LedgerQuery } from "@waule/shared/ledger";
import { and, asc, count, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { getTenant } from "../tenants/tenants";

export function toLedgerEntry(r: LedgerRow): LedgerEntry {
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

/** 404 for an unknown tenant. */
export async function listLedger(db: ServerDb, tenantId: string, query: LedgerQuery): Promise<LedgerPage> {
  await getTenant(db, tenantId);
  const filters: SQL[] = [eq(creditLedger.tenantId, tenantId)];
  if (query.kind) filters.push(eq(creditLedger.kind, query.kind));
  if (query.from) filters.push(gte(creditLedger.createdAt, new Date(query.from)));
  if (query.to) filters.push(lt(creditLedger.createdAt, new Date(query.to)));
  const where = and(...filters);
  // seq is the append order, a stable tiebreak for rows written in the same millisecond.
  const order = query.order === "asc" ? asc(creditLedger.seq) : desc(creditLedger.seq);
  return readPage(
    query,
    (limit, offset) => db.select().from(creditLedger).where(where).orderBy(order).limit(limit).offset(offset),
    () => db.select({ n: count() }).from(creditLedger).where(where),
    toLedgerEntry,
  );
}
