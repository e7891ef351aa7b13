// Credit expiry, off the billed path: a sweep spends credit grants down from the ledger, then takes what is left of
// the ones past their validity.
//
// Expiring credits are spent first, earliest expiry first. The hot path (ledger.ts) knows nothing of grants: each pass
// reads the tenant's spending after its cursor (a settled call's charge, dated and ordered by its hold; an adjustment
// that removed credits) and gives it to the grants that were live then (added before the spend, expiring after it).
// The cursor moves in the same batch as the grants' `remaining`, and the grant updates act only if this pass's own
// move of the cursor won, so two instances sweeping at once allocate each spend once.
//
// A grant past `expires_at` is expired once (status live → expired, conditional) with one `expiry` ledger row of
// -min(remaining, balance): never a negative balance. It waits while a hold from before its expiry is still open or
// spending is still unread, since either may yet use its credits.
import type { ServerDb } from "@waule/db/connect";
import { queueLowBalanceAlert } from "../balance-alerts/trigger";
import type { Stmt } from "./ledger";

export type GrantSweepContext = { db: ServerDb; now: number };
export type GrantSweepReport = { tenants: number; allocated: number; expired: number; expiredCredits: number };

const SPENDING_PAGE = 500;

/** How often the task runner's pass runs the sweep (credits expire by the day; the sweep need not run every pass). */
export const GRANT_SWEEP_EVERY_MS = 30_000;

/** One pass over every tenant holding live grants, `pageSize` tenants at a time. */
export async function sweepCreditGrants(ctx: GrantSweepContext, pageSize = 100): Promise<GrantSweepReport> {
  const report: GrantSweepReport = { tenants: 0, allocated: 0, expired: 0, expiredCredits: 0 };
  let after = "";
  for (;;) {
    const rs = await ctx.db.$client.execute({
      sql: "SELECT DISTINCT tenant_id FROM credit_grants WHERE status = 'live' AND tenant_id > ? ORDER BY tenant_id LIMIT ?",
      args: [after, pageSize],
    });
    for (const row of rs.rows) {
      const tenantId = String(row.tenant_id);
      report.tenants++;
      report.allocated += await allocateSpending(ctx, tenantId);
      const { expired, credits } = await expireDueGrants(ctx, tenantId);
      report.expired += expired;
      report.expiredCredits += credits;
      after = tenantId;
    }
    if (rs.rows.length < pageSize) return report;
  }
}

type LiveGrant = { id: string; remaining: number; ledgerSeq: number; expiresAt: number };
type Spend = { seq: number; at: number; credits: number };

/** Reads the spending after the tenant's cursor, page by page, and allocates it. Returns the credits allocated. */
export async function allocateSpending(ctx: GrantSweepContext, tenantId: string): Promise<number> {
  let total = 0;
  for (;;) {
    const page = await allocatePage(ctx, tenantId);
    if (page === null) return total;
    total += page;
  }
}

/** One page; null when the cursor is at the end of the ledger (or another pass moved it first). */
async function allocatePage({ db, now }: GrantSweepContext, tenantId: string): Promise<number | null> {
  const cursorRow = (
    await db.$client.execute({ sql: "SELECT seq FROM credit_grant_cursors WHERE tenant_id = ?", args: [tenantId] })
  ).rows[0];
  if (!cursorRow) return null;
  const from = Number(cursorRow.seq);
  const last = (
    await db.$client.execute({
      sql: "SELECT MAX(seq) AS seq FROM (SELECT seq FROM credit_ledger WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?)",
      args: [tenantId, from, SPENDING_PAGE],
    })
  ).rows[0];
  if (last?.seq == null) return null;
  const to = Number(last.seq);
  // A settle's charge left the balance when its hold was taken: the hold's seq and time decide which grants it used.
  const spending = await db.$client.execute({
    sql: `SELECT l.kind, l.amount, l.seq, l.created_at, h.settled_amount, h.created_at AS hold_at,
            (SELECT hl.seq FROM credit_ledger hl WHERE hl.hold_id = l.hold_id AND hl.kind = 'hold') AS hold_seq
          FROM credit_ledger l LEFT JOIN credit_holds h ON h.id = l.hold_id
          WHERE l.tenant_id = ? AND l.seq > ? AND l.seq <= ? AND (l.kind = 'settle' OR (l.kind = 'adjust' AND l.amount < 0))
          ORDER BY l.seq`,
    args: [tenantId, from, to],
  });
  const spends: Spend[] = spending.rows.map((r) =>
    r.kind === "settle"
      ? {
          seq: Number(r.hold_seq ?? r.seq),
          at: Number(r.hold_at ?? r.created_at),
          credits: Number(r.settled_amount ?? 0),
        }
      : { seq: Number(r.seq), at: Number(r.created_at), credits: -Number(r.amount) },
  );
  const grants = await liveGrants(db, tenantId);
  const taken = allocate(grants, spends);
  const token = crypto.randomUUID();
  const statements: Stmt[] = [
    {
      sql: "UPDATE credit_grant_cursors SET seq = ?, token = ?, updated_at = ? WHERE tenant_id = ? AND seq = ?",
      args: [to, token, now, tenantId, from],
    },
    ...[...taken].map(([id, credits]) => ({
      sql: `UPDATE credit_grants SET remaining = remaining - ?, status = CASE WHEN remaining = ? THEN 'spent' ELSE status END
            WHERE id = ? AND status = 'live' AND remaining >= ?
              AND EXISTS (SELECT 1 FROM credit_grant_cursors WHERE tenant_id = ? AND token = ?)`,
      args: [credits, credits, id, credits, tenantId, token],
    })),
  ];
  const results = await db.$client.batch(statements, "write");
  if (results[0]?.rowsAffected !== 1) return null;
  return [...taken.values()].reduce((a, b) => a + b, 0);
}

async function liveGrants(db: ServerDb, tenantId: string): Promise<LiveGrant[]> {
  const rs = await db.$client.execute({
    sql: `SELECT id, remaining, ledger_seq, expires_at FROM credit_grants
          WHERE tenant_id = ? AND status = 'live' AND remaining > 0 ORDER BY expires_at, id`,
    args: [tenantId],
  });
  return rs.rows.map((r) => ({
    id: String(r.id),
    remaining: Number(r.remaining),
    ledgerSeq: Number(r.ledger_seq),
    expiresAt: Number(r.expires_at),
  }));
}

/** Each spend goes to the grants live at its time, earliest expiry first; what they cannot cover used lasting credits. */
export function allocate(grants: LiveGrant[], spends: Spend[]): Map<string, number> {
  const left = new Map(grants.map((g) => [g.id, g.remaining]));
  const taken = new Map<string, number>();
  for (const spend of spends) {
    let due = spend.credits;
    for (const g of grants) {
      if (due <= 0) break;
      const remaining = left.get(g.id) ?? 0;
      if (remaining <= 0 || g.ledgerSeq >= spend.seq || g.expiresAt < spend.at) continue;
      const use = Math.min(remaining, due);
      left.set(g.id, remaining - use);
      taken.set(g.id, (taken.get(g.id) ?? 0) + use);
      due -= use;
    }
  }
  return taken;
}

/** Expires the tenant's grants past their time, each in its own batch. */
export async function expireDueGrants(
  { db, now }: GrantSweepContext,
  tenantId: string,
): Promise<{ expired: number; credits: number }> {
  const due = await db.$client.execute({
    sql: "SELECT id FROM credit_grants WHERE tenant_id = ? AND status = 'live' AND expires_at <= ? ORDER BY expires_at, id",
    args: [tenantId, now],
  });
  let expired = 0;
  let credits = 0;
  for (const row of due.rows) {
    const id = String(row.id);
    const results = await db.$client.batch(
      [
        {
          // SET reads the old row: expired_amount is what was left, capped by the balance.
          sql: `UPDATE credit_grants SET status = 'expired', expired_at = ?, remaining = 0,
                  expired_amount = MIN(remaining, (SELECT credits FROM tenants WHERE id = ?))
                WHERE id = ? AND status = 'live' AND expires_at <= ?
                  AND NOT EXISTS (SELECT 1 FROM credit_holds h
                                  WHERE h.tenant_id = ? AND h.status = 'held' AND h.created_at <= credit_grants.expires_at)
                  AND NOT EXISTS (SELECT 1 FROM credit_ledger l, credit_grant_cursors c
                                  WHERE c.tenant_id = ? AND l.tenant_id = ? AND l.seq > c.seq
                                    AND (l.kind = 'settle' OR (l.kind = 'adjust' AND l.amount < 0)))`,
          args: [now, tenantId, id, now, tenantId, tenantId, tenantId],
        },
        {
          sql: `UPDATE tenants SET credits = credits - (SELECT expired_amount FROM credit_grants WHERE id = ?), updated_at = ?
                WHERE id = ? AND changes() = 1`,
          args: [id, now, tenantId],
        },
        {
          sql: `INSERT INTO credit_ledger (tenant_id, kind, amount, balance_after, hold_id, request_id, note, created_at)
                SELECT t.id, 'expiry', -g.expired_amount, t.credits, NULL, g.source_id,
                  'credits of ' || g.source || ' ' || g.source_id || ' expired (' || g.expired_amount || ' of ' || g.credits || ')', ?
                FROM tenants t, credit_grants g WHERE t.id = ? AND g.id = ? AND changes() = 1 AND g.expired_amount > 0`,
          args: [now, tenantId, id],
        },
        {
          sql: `SELECT g.expired_amount, t.credits, t.low_balance_threshold, t.low_balance_alerted_at
                FROM credit_grants g JOIN tenants t ON t.id = g.tenant_id WHERE g.id = ?`,
          args: [id],
        },
      ],
      "write",
    );
    if (results[0]?.rowsAffected !== 1) continue;
    const after = results[3]?.rows[0];
    const taken = Number(after?.expired_amount ?? 0);
    expired++;
    credits += taken;
    // Credits running out are a spend like any other for the low-balance alert (one event per crossing).
    const threshold = after?.low_balance_threshold == null ? null : Number(after.low_balance_threshold);
    if (taken > 0 && threshold !== null && after?.low_balance_alerted_at == null && Number(after?.credits) < threshold)
      await queueLowBalanceAlert(db, {
        tenantId,
        eventId: `evt_low_${id}`,
        balance: Number(after?.credits),
        threshold,
        now,
      });
  }
  return { expired, credits };
}
