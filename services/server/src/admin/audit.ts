// The operator audit trail: one row per admin write (who, what, which target, when), listed at /admin/api/audit.

import type { ServerDb } from "@waule/db/connect";
import { readPage } from "@waule/db/paging";
import { type Admin, adminAudit } from "@waule/db/server";
import type { AdminAuditPage, AuditQuery } from "@waule/shared/admin";
import { and, asc, count, desc, eq, type SQL } from "drizzle-orm";
import type { AlsoInBatch } from "../billing/ledger";

export type AuditEvent = {
  action: string;
  targetType: string;
  targetId: string | null;
  details?: Record<string, unknown> | null;
};

/**
 * Called after a write succeeded, so a refused request leaves no audit row either. Not atomic with that write:
 * credit changes use auditRowInLedgerBatch instead, so money and its audit row are one transaction.
 */
export async function recordAudit(
  db: ServerDb,
  admin: Pick<Admin, "id" | "username">,
  event: AuditEvent,
  now: number,
): Promise<void> {
  await db.insert(adminAudit).values({
    adminId: admin.id,
    adminUsername: admin.username,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    details: event.details ?? null,
    createdAt: new Date(now),
  });
}

/**
 * The audit row of a credit change as a statement of the ledger's own batch (billing/ledger.ts changeBalanceWith):
 * written only when the ledger row was, with the new balance and that row's seq added to `details` in SQL.
 */
export function auditRowInLedgerBatch(
  admin: Pick<Admin, "id" | "username">,
  event: AuditEvent,
  now: number,
): AlsoInBatch {
  return ({ ledgerSeq, ledgerSeqArgs, balance, balanceArgs }) => [
    {
      sql: `INSERT INTO admin_audit (admin_id, admin_username, action, target_type, target_id, details, created_at)
            SELECT ?, ?, ?, ?, ?, json_set(?, '$.balance', ${balance}, '$.ledgerSeq', ${ledgerSeq}), ? WHERE changes() = 1`,
      args: [
        admin.id,
        admin.username,
        event.action,
        event.targetType,
        event.targetId,
        JSON.stringify(event.details ?? {}),
        ...balanceArgs,
        ...ledgerSeqArgs,
        now,
      ],
    },
  ];
}

export async function listAudit(db: ServerDb, query: AuditQuery): Promise<AdminAuditPage> {
  const filters: SQL[] = [];
  if (query.action) filters.push(eq(adminAudit.action, query.action));
  if (query.targetId) filters.push(eq(adminAudit.targetId, query.targetId));
  if (query.adminId) filters.push(eq(adminAudit.adminId, query.adminId));
  const where = filters.length ? and(...filters) : undefined;
  const order = query.order === "asc" ? asc(adminAudit.seq) : desc(adminAudit.seq);
  return readPage(
    query,
    (limit, offset) => db.select().from(adminAudit).where(where).orderBy(order).limit(limit).offset(offset),
    () => db.select({ n: count() }).from(adminAudit).where(where),
    (r) => ({ ...r, details: r.details ?? null, createdAt: r.createdAt.toISOString() }),
  );
}
