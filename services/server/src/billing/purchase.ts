// Credits of a paid order: exactly once per order, in one batch with its `purchase` ledger row.
//
// The order moves created|expired → paid with one conditional update that also checks the amount and currency;
// the balance, the ledger row and the move paid → credited only run when the statement before them changed a
// row (`changes() = 1`). However many notifies (or reconciliations) race, one update wins and the rest write nothing.
// An expired order can still be credited: a buyer who paid late has paid. A package with a validity also gets its
// credit grant (billing/credit-expiry.ts) in the same batch, dated from the crediting.
import type { ServerDb } from "@waule/db/connect";
import type { OrderRow } from "@waule/db/server";
import { rearmLowBalanceAlert } from "../balance-alerts/trigger";
import { grantStatements } from "./credit-grants";
import { ledgerRowIfChanged } from "./ledger";

export type PurchaseOutcome = { credited: boolean; balance: number | null; ledgerSeq: number | null };

export async function creditPaidOrder(
  { db, now }: { db: ServerDb; now: number },
  order: Pick<OrderRow, "id" | "tenantId" | "amount" | "currency" | "credits" | "bonusCredits" | "packageName"> &
    Partial<Pick<OrderRow, "validityDays">>,
  payment: { providerRef: string | null },
): Promise<PurchaseOutcome> {
  const total = order.credits + order.bonusCredits;
  const note = `order ${order.id}: ${order.packageName} (${order.credits} + ${order.bonusCredits} bonus)`;
  const results = await db.$client.batch(
    [
      {
        sql: `UPDATE orders SET status = 'paid', paid_at = ?, updated_at = ?, provider_ref = COALESCE(?, provider_ref)
              WHERE id = ? AND status IN ('created', 'expired') AND amount = ? AND currency = ?`,
        args: [now, now, payment.providerRef, order.id, order.amount, order.currency],
      },
      {
        sql: "UPDATE tenants SET credits = credits + ?, updated_at = ? WHERE id = ? AND changes() = 1",
        args: [total, now, order.tenantId],
      },
      ledgerRowIfChanged(order.tenantId, "purchase", total, null, order.id, note, now),
      {
        sql: `UPDATE orders SET status = 'credited', credited_at = ?, updated_at = ?,
                ledger_seq = (SELECT MAX(seq) FROM credit_ledger WHERE tenant_id = ?)
              WHERE id = ? AND status = 'paid' AND changes() = 1`,
        args: [now, now, order.tenantId, order.id],
      },
      // Only when the move to credited just happened (changes() = 1): the package's expiring credits.
      ...(order.validityDays
        ? grantStatements({
            tenantId: order.tenantId,
            source: "purchase",
            sourceId: order.id,
            credits: total,
            expiresAt: now + order.validityDays * 86_400_000,
            now,
          })
        : []),
      // Credits coming in re-arm the low-balance alert once the balance is back at its threshold.
      rearmLowBalanceAlert(order.tenantId),
      {
        sql: "SELECT o.ledger_seq, t.credits FROM orders o JOIN tenants t ON t.id = o.tenant_id WHERE o.id = ?",
        args: [order.id],
      },
    ],
    "write",
  );
  const row = results[results.length - 1]?.rows[0];
  const credited = results[3]?.rowsAffected === 1;
  return {
    credited,
    balance: row ? Number(row.credits) : null,
    ledgerSeq: row?.ledger_seq == null ? null : Number(row.ledger_seq),
  };
}
