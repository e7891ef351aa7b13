// The ledger and usage of one tenant over a date range as streamed CSV, read in keyset pages (no offset, no size cap).
import type { ServerDb } from "@waule/db/connect";
import type { StatementRangeQuery } from "@waule/shared/statements";
import { type Cell, type CsvPage, csvResponse } from "../http/csv";
import { getTenant } from "../tenants/tenants";

const PAGE = 500;

/** [from, to) in epoch ms; an absent end is open. */
function rangeOf(query: StatementRangeQuery): { from: number; to: number } {
  return {
    from: query.from ? new Date(query.from).getTime() : 0,
    to: query.to ? new Date(query.to).getTime() : Number.MAX_SAFE_INTEGER,
  };
}

const iso = (v: unknown) => new Date(Number(v)).toISOString();
const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** 404 for an unknown tenant, answered as JSON before any byte of CSV. */
export async function ledgerCsv(db: ServerDb, tenantId: string, query: StatementRangeQuery): Promise<Response> {
  await getTenant(db, tenantId);
  const { from, to } = rangeOf(query);
  const read = async (afterSeq: number | null): Promise<CsvPage<number>> => {
    const rs = await db.$client.execute({
      sql: `SELECT seq, created_at, kind, amount, balance_after, hold_id, request_id, note FROM credit_ledger
            WHERE tenant_id = ? AND seq > ? AND created_at >= ? AND created_at < ? ORDER BY seq LIMIT ?`,
      args: [tenantId, afterSeq ?? 0, from, to, PAGE],
    });
    const rows: Cell[][] = rs.rows.map((r) => [
      Number(r.seq),
      iso(r.created_at),
      String(r.kind),
      Number(r.amount),
      Number(r.balance_after),
      text(r.hold_id),
      text(r.request_id),
      text(r.note),
    ]);
    const last = rs.rows.at(-1);
    return { rows, next: rs.rows.length === PAGE && last ? Number(last.seq) : null };
  };
  return csvResponse(
    `ledger-${tenantId}.csv`,
    ["seq", "created_at", "kind", "amount", "balance_after", "hold_id", "request_id", "note"],
    read,
  );
}

type UsageCursor = { createdAt: number; id: string };

export async function usageCsv(db: ServerDb, tenantId: string, query: StatementRangeQuery): Promise<Response> {
  await getTenant(db, tenantId);
  const { from, to } = rangeOf(query);
  const read = async (after: UsageCursor | null): Promise<CsvPage<UsageCursor>> => {
    const rs = await db.$client.execute({
      sql: `SELECT id, created_at, user_id, model, operation, credits, request_id, metadata FROM usage_records
            WHERE tenant_id = ? AND created_at >= ? AND created_at < ? AND (created_at > ? OR (created_at = ? AND id > ?))
            ORDER BY created_at, id LIMIT ?`,
      args: [tenantId, from, to, after?.createdAt ?? -1, after?.createdAt ?? -1, after?.id ?? "", PAGE],
    });
    const rows: Cell[][] = rs.rows.map((r) => [
      iso(r.created_at),
      String(r.id),
      text(r.user_id),
      String(r.model),
      String(r.operation),
      Number(r.credits),
      text(r.request_id),
      text(r.metadata),
    ]);
    const last = rs.rows.at(-1);
    return {
      rows,
      next: rs.rows.length === PAGE && last ? { createdAt: Number(last.created_at), id: String(last.id) } : null,
    };
  };
  return csvResponse(
    `usage-${tenantId}.csv`,
    ["created_at", "id", "user_id", "model", "operation", "credits", "request_id", "metadata"],
    read,
  );
}
