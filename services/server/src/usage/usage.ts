// Usage records: one row per billed call, always read within one tenant. Rows are written only by
// the ledger's settleHold, in the same batch that closes the hold (so a settled hold has exactly one).

import type { ServerDb } from "@waule/db/connect";
import { readPage } from "@waule/db/paging";
import { usageRecords } from "@waule/db/server";
import type { UsagePage, UsageQuery } from "@waule/shared/account";
import { and, asc, count, desc, eq, type SQL } from "drizzle-orm";

export async function listUsage(db: ServerDb, tenantId: string, query: UsageQuery): Promise<UsagePage> {
  const filters: SQL[] = [eq(usageRecords.tenantId, tenantId)];
  if (query.operation) filters.push(eq(usageRecords.operation, query.operation));
  if (query.model) filters.push(eq(usageRecords.model, query.model));
  const where = and(...filters);
  const order =
    query.order === "asc"
      ? [asc(usageRecords.createdAt), asc(usageRecords.id)]
      : [desc(usageRecords.createdAt), desc(usageRecords.id)];
  return readPage(
    query,
    (limit, offset) =>
      db
        .select()
        .from(usageRecords)
        .where(where)
        .orderBy(...order)
        .limit(limit)
        .offset(offset),
    () => db.select({ n: count() }).from(usageRecords).where(where),
    (r) => ({
      id: r.id,
      userId: r.userId,
      model: r.model,
      operation: r.operation,
      credits: r.credits,
      requestId: r.requestId,
      metadata: r.metadata ?? null,
      createdAt: r.createdAt.toISOString(),
    }),
  );
}
