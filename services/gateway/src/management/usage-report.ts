// Usage per UTC day, provider and key, aggregated from the gateway's log of upstream calls.
import type { GatewayDb } from "@waule/db/connect";
import { providerKeys, requestLog } from "@waule/db/gateway";
import { and, asc, count, desc, eq, gte, lt, type SQL, sql } from "drizzle-orm";

export type UsageQuery = { fromMs: number; toMsExclusive: number; provider?: string };

export async function usageReport(db: GatewayDb, q: UsageQuery) {
  const day = sql<string>`date(${requestLog.createdAt} / 1000, 'unixepoch')`;
  const conditions: SQL[] = [
    gte(requestLog.createdAt, new Date(q.fromMs)),
    lt(requestLog.createdAt, new Date(q.toMsExclusive)),
  ];
  if (q.provider) conditions.push(eq(requestLog.provider, q.provider));
  const rows = await db
    .select({
      day,
      provider: requestLog.provider,
      keyId: requestLog.keyId,
      keyName: providerKeys.name,
      requests: count(),
      errors: sql<number>`sum(case when ${requestLog.status} = 'error' then 1 else 0 end)`,
      avgLatencyMs: sql<number>`cast(round(avg(${requestLog.latencyMs})) as integer)`,
    })
    .from(requestLog)
    .leftJoin(providerKeys, eq(providerKeys.id, requestLog.keyId))
    .where(and(...conditions))
    .groupBy(day, requestLog.provider, requestLog.keyId)
    .orderBy(desc(day), asc(requestLog.provider), asc(requestLog.keyId));
  const data = rows.map((r) => ({ ...r, errors: Number(r.errors), avgLatencyMs: Number(r.avgLatencyMs) }));
  const totals = data.reduce((t, r) => ({ requests: t.requests + r.requests, errors: t.errors + r.errors }), {
    requests: 0,
    errors: 0,
  });
  return { data, totals };
}
