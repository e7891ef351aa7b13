// A tenant's ledger read one line per call: rows sharing a hold fold into one line (net amount, what was held, the
// model and operation it paid for, from its usage row, its task or the hold itself: a refunded call has no usage
// row); other movements stay one line each. Read-only.

import type { ServerDb } from "@waule/db/connect";
import type { LedgerCall, LedgerCallPage, LedgerCallQuery } from "@waule/shared/ledger";
import { getTenant } from "../tenants/tenants";

/** A task kind's usage operation, for a task whose call has no usage row yet (running) or never will (refunded). */
const taskOperations: Record<string, string> = { video: "video.generation", midjourney: "midjourney.generation" };

type Arg = string | number;

export async function listLedgerCalls(db: ServerDb, tenantId: string, query: LedgerCallQuery): Promise<LedgerCallPage> {
  await getTenant(db, tenantId);
  const rowFilters = ["tenant_id = ?"];
  const rowArgs: Arg[] = [tenantId];
  if (query.from) {
    rowFilters.push("created_at >= ?");
    rowArgs.push(Date.parse(query.from));
  }
  if (query.to) {
    rowFilters.push("created_at < ?");
    rowArgs.push(Date.parse(query.to));
  }
  const lineFilter = query.kind ? "WHERE l.kind = ?" : "";
  const lineArgs: Arg[] = query.kind ? [query.kind] : [];
  // One group per hold (or per row without one); the line shows its last row's kind and balance.
  const lines = `
    WITH g AS (
      SELECT MIN(seq) AS first_seq, MAX(seq) AS last_seq, SUM(amount) AS net, MIN(created_at) AS started
      FROM credit_ledger WHERE ${rowFilters.join(" AND ")}
      GROUP BY COALESCE(hold_id, 'seq:' || seq)
    )
    SELECT g.first_seq, g.net, g.started, l.kind, l.balance_after, l.hold_id, l.request_id, l.note
    FROM g JOIN credit_ledger l ON l.seq = g.last_seq ${lineFilter}`;
  const offset = (query.page - 1) * query.limit;
  const order = query.order === "asc" ? "ASC" : "DESC";
  const [page, total] = await Promise.all([
    db.$client.execute({
      sql: `SELECT x.*, h.amount AS held, COALESCE(u.model, t.model, h.model) AS model, m.display_name AS model_name,
                   COALESCE(u.operation, h.operation) AS usage_operation, t.type AS task_type
            FROM (${lines}) x
            LEFT JOIN credit_holds h ON h.id = x.hold_id
            LEFT JOIN usage_records u ON x.hold_id IS NOT NULL AND u.tenant_id = ? AND u.request_id = x.request_id
            LEFT JOIN tasks t ON x.hold_id IS NOT NULL AND t.hold_id = x.hold_id
            LEFT JOIN models m ON m.id = COALESCE(u.model, t.model, h.model)
            ORDER BY x.first_seq ${order} LIMIT ? OFFSET ?`,
      args: [...rowArgs, ...lineArgs, tenantId, query.limit, offset],
    }),
    db.$client.execute({ sql: `SELECT COUNT(*) AS n FROM (${lines})`, args: [...rowArgs, ...lineArgs] }),
  ]);
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const data: LedgerCall[] = page.rows.map((r) => ({
    seq: Number(r.first_seq),
    kind: String(r.kind),
    amount: Number(r.net),
    held: r.hold_id === null || r.held === null ? null : Number(r.held),
    balanceAfter: Number(r.balance_after),
    holdId: text(r.hold_id),
    requestId: text(r.request_id),
    note: text(r.note),
    model: text(r.model),
    modelName: text(r.model_name),
    operation: text(r.usage_operation) ?? (r.task_type ? (taskOperations[String(r.task_type)] ?? null) : null),
    createdAt: new Date(Number(r.started)).toISOString(),
  }));
  return { data, page: query.page, limit: query.limit, total: Number(total.rows[0]?.n ?? 0) };
}
