// Reconciliation: when a notify never came, ask the provider (its trade query API) and apply its answer;
// the sweep does it for waiting orders, and closes the ones past their time at the provider before expiring them
// (a payment the close finds was made after all is credited instead, once, like any other).
import { type OrderRow, orders } from "@waule/db/server";
import { and, eq, isNull, lte, or } from "drizzle-orm";
import { adapterFor, type PaymentDeps } from "./adapters";
import { type ApplyOutcome, applyPaymentCheck } from "./apply";
import { findOrder } from "./orders";

/** A waiting order is asked about at most this often. */
export const RECONCILE_EVERY_MS = 60_000;
/** An order past its time whose provider cannot be reached to close it is retried this long, then expired anyway. */
export const CLOSE_RETRY_MS = 60 * 60_000;

export async function reconcileOrder(
  deps: PaymentDeps,
  order: OrderRow,
): Promise<{ order: OrderRow; result: ApplyOutcome }> {
  if (order.status !== "created" && order.status !== "expired")
    return { order, result: { outcome: "ignored", reason: `order is ${order.status}` } };
  const adapter = await adapterFor(deps, order.provider, await deps.settings.get());
  const check = await adapter.query(order);
  await deps.db
    .update(orders)
    .set({ checkedAt: new Date(deps.clock.now()) })
    .where(eq(orders.id, order.id));
  const result = await applyPaymentCheck(deps, order, check);
  if (result.outcome === "refused")
    console.warn(`[server] reconciliation of order ${order.id} refused the provider's answer: ${result.reason}`);
  return { order: (await findOrder(deps.db, order.id)) ?? order, result };
}

/**
 * Closes an order past its time at its provider. Answers the provider's word: `closed` (it can no longer be paid), or
 * `paid`, in which case the payment was applied (credited exactly once, amount and currency checked).
 */
export async function closeOrderAtProvider(
  deps: PaymentDeps,
  order: OrderRow,
): Promise<{ state: "closed" | "paid" | "pending"; result: ApplyOutcome | null }> {
  const adapter = await adapterFor(deps, order.provider, await deps.settings.get());
  const check = await adapter.close(order);
  await deps.db
    .update(orders)
    .set({ checkedAt: new Date(deps.clock.now()) })
    .where(eq(orders.id, order.id));
  if (check.state !== "paid") return { state: check.state, result: null };
  const result = await applyPaymentCheck(deps, order, check);
  if (result.outcome === "refused")
    console.warn(`[server] closing order ${order.id} found a payment it refused: ${result.reason}`);
  return { state: "paid", result };
}

export type SweepReport = { checked: number; credited: number; expired: number; errors: number; closed: number };

/**
 * One pass: every order still `created` that is past its expiry, or has waited a minute since creation or its last
 * check, is asked about; those past expiry that are still unpaid then expire (a late notify can still credit them).
 */
export async function sweepOrders(deps: PaymentDeps, limit = 100): Promise<SweepReport> {
  const now = deps.clock.now();
  const stale = new Date(now - RECONCILE_EVERY_MS);
  const due = await deps.db
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.status, "created"),
        or(
          lte(orders.expiresAt, new Date(now)),
          and(lte(orders.createdAt, stale), or(isNull(orders.checkedAt), lte(orders.checkedAt, stale))),
        ),
      ),
    )
    .orderBy(orders.expiresAt)
    .limit(limit);
  const report: SweepReport = { checked: 0, credited: 0, expired: 0, errors: 0, closed: 0 };
  for (const order of due) {
    const past = order.expiresAt.getTime() <= now;
    let failure: string | null = null;
    try {
      if (past) {
        const closed = await closeOrderAtProvider(deps, order);
        report.checked++;
        if (closed.state === "closed") report.closed++;
        if (closed.result?.outcome === "credited") report.credited++;
      } else {
        const { result } = await reconcileOrder(deps, order);
        report.checked++;
        if (result.outcome === "credited") report.credited++;
      }
    } catch (error) {
      report.errors++;
      failure = error instanceof Error ? error.message : String(error);
      console.warn(`[server] ${past ? "closing" : "reconciling"} order ${order.id}: ${failure}`);
      // Not closed at the provider: tried again next pass, until giving up is the lesser harm.
      if (past && now < order.expiresAt.getTime() + CLOSE_RETRY_MS) continue;
    }
    if (past) {
      const expired = await deps.db
        .update(orders)
        .set({
          status: "expired",
          updatedAt: new Date(now),
          ...(failure ? { failure: `expired; closing at the provider failed: ${failure}`.slice(0, 500) } : {}),
        })
        .where(and(eq(orders.id, order.id), eq(orders.status, "created")))
        .returning({ id: orders.id });
      report.expired += expired.length;
    }
  }
  return report;
}

/** Runs sweepOrders on a timer in main.ts; one pass at a time. */
export function createOrderSweeper(deps: PaymentDeps, intervalMs = 30_000) {
  let timer: ReturnType<typeof setInterval> | null = null;
  let running = false;
  const pass = async () => {
    if (running) return;
    running = true;
    try {
      await sweepOrders(deps);
    } catch (error) {
      console.error("[server] order sweep failed", error);
    } finally {
      running = false;
    }
  };
  return {
    start() {
      timer ??= setInterval(pass, intervalMs);
      void pass();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
