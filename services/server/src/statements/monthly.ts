// A tenant's monthly statement, computed from the ledger (and usage for the spend by model) so it reconciles to the credit.
//
// Every ledger row of the month is one of: money in (purchase, recharge, redeem, adjust) or a hold's movement
// (hold, settle, release). A hold's movements add up to minus what it charged, and what it charged is its usage row,
// written in the settle's own batch — except for holds still open at either edge of the month. So:
//   closing = opening + purchases + recharges + redeems + adjustments − spend + held_at_start − held_at_end
// which is the ledger's balance after its last row of the month (the test proves it on a busy month).
import type { ServerDb } from "@waule/db/connect";
import type { MonthlyStatement } from "@waule/shared/statements";
import { getTenant } from "../tenants/tenants";

/** "2026-11" → [2026-11-01T00:00Z, 2026-12-01T00:00Z). */
export function monthRange(month: string): { from: number; to: number } {
  const [y, m] = month.split("-").map(Number);
  return { from: Date.UTC(y ?? 1970, (m ?? 1) - 1, 1), to: Date.UTC(y ?? 1970, m ?? 1, 1) };
}

async function heldAt(db: ServerDb, tenantId: string, at: number): Promise<number> {
  const rs = await db.$client.execute({
    sql: `SELECT COALESCE(SUM(amount), 0) AS n FROM credit_holds
          WHERE tenant_id = ? AND created_at < ? AND (closed_at IS NULL OR closed_at >= ?)`,
    args: [tenantId, at, at],
  });
  return Number(rs.rows[0]?.n ?? 0);
}

export async function monthlyStatement(db: ServerDb, tenantId: string, month: string): Promise<MonthlyStatement> {
  await getTenant(db, tenantId);
  const { from, to } = monthRange(month);
  const [opening, kinds, usage, heldStart, heldEnd] = await Promise.all([
    db.$client.execute({
      sql: "SELECT balance_after FROM credit_ledger WHERE tenant_id = ? AND created_at < ? ORDER BY seq DESC LIMIT 1",
      args: [tenantId, from],
    }),
    db.$client.execute({
      sql: `SELECT kind, COALESCE(SUM(amount), 0) AS n FROM credit_ledger
            WHERE tenant_id = ? AND created_at >= ? AND created_at < ? GROUP BY kind`,
      args: [tenantId, from, to],
    }),
    db.$client.execute({
      sql: `SELECT model, operation, COUNT(*) AS calls, COALESCE(SUM(credits), 0) AS credits FROM usage_records
            WHERE tenant_id = ? AND created_at >= ? AND created_at < ? GROUP BY model, operation
            ORDER BY credits DESC, model, operation`,
      args: [tenantId, from, to],
    }),
    heldAt(db, tenantId, from),
    heldAt(db, tenantId, to),
  ]);
  const byKind = new Map(kinds.rows.map((r) => [String(r.kind), Number(r.n)]));
  const sum = (kind: string) => byKind.get(kind) ?? 0;
  const byModel = usage.rows.map((r) => ({
    model: String(r.model),
    operation: String(r.operation),
    calls: Number(r.calls),
    credits: Number(r.credits),
  }));
  const spend = byModel.reduce((total, r) => total + r.credits, 0);
  const openingBalance = Number(opening.rows[0]?.balance_after ?? 0);
  const moneyIn = {
    purchases: sum("purchase"),
    recharges: sum("recharge"),
    redeems: sum("redeem"),
    adjustments: sum("adjust"),
    expired: sum("expiry"),
  };
  return {
    tenant_id: tenantId,
    month,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    opening_balance: openingBalance,
    ...moneyIn,
    spend: { total: spend, by_model: byModel },
    held_at_start: heldStart,
    held_at_end: heldEnd,
    closing_balance:
      openingBalance +
      moneyIn.purchases +
      moneyIn.recharges +
      moneyIn.redeems +
      moneyIn.adjustments +
      moneyIn.expired -
      spend +
      heldStart -
      heldEnd,
  };
}
