// When a low-balance alert is queued and re-armed. The ledger calls these; the event itself goes out through the webhook dispatcher.
//
// Armed (low_balance_alerted_at IS NULL) → a spend leaves the balance below the threshold → one `balance.low` event
// is queued and the alert is disarmed, by one conditional update, so parallel holds crossing together queue one event.
// Credits coming in (recharge, adjust, redeem, purchase) that bring the balance back to or above the threshold re-arm
// it; a refunded hold does not, so a balance hovering at the threshold does not send an event per call.
import type { ServerDb } from "@waule/db/connect";

type Stmt = { sql: string; args: (string | number | null)[] };

/** Runs only after a hold saw the balance below an armed threshold (rare); one event per crossing whatever the race. */
export async function queueLowBalanceAlert(
  db: ServerDb,
  input: { tenantId: string; eventId: string; balance: number; threshold: number; now: number },
): Promise<boolean> {
  const { tenantId, eventId, now } = input;
  const results = await db.$client.batch(
    [
      {
        sql: `UPDATE tenants SET low_balance_alerted_at = ?
              WHERE id = ? AND low_balance_alerted_at IS NULL AND low_balance_threshold IS NOT NULL
                AND credits < low_balance_threshold`,
        args: [now, tenantId],
      },
      {
        // The balance and threshold as they stand in this transaction, not as the hold read them a moment ago.
        sql: `INSERT INTO tenant_events (id, tenant_id, type, data, webhook_status, created_at)
              SELECT ?, id, 'balance.low',
                     json_object('tenant_id', id, 'balance', credits, 'threshold', low_balance_threshold),
                     CASE WHEN webhook_url IS NULL THEN NULL ELSE 'pending' END, ?
              FROM tenants WHERE id = ? AND changes() = 1`,
        args: [eventId, now, tenantId],
      },
    ],
    "write",
  );
  return results[0]?.rowsAffected === 1;
}

/** A statement for the ledger's money-in batches; harmless when nothing is armed or the balance is still low. */
export function rearmLowBalanceAlert(tenantId: string): Stmt {
  return {
    sql: `UPDATE tenants SET low_balance_alerted_at = NULL
          WHERE id = ? AND low_balance_alerted_at IS NOT NULL AND credits >= low_balance_threshold`,
    args: [tenantId],
  };
}
