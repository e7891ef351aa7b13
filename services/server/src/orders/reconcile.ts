// Reconciliation: when a notify never came, ask the provider (its trade query API) and apply its answer;
// the sweep does it for waiting orders and expires the ones past their time.
import { type OrderRow, orders } from "@waule/db/server";
import { and, eq, isNull, lte, or } from "drizzle-orm";
import { adapterFor, type PaymentDeps } from "./adapters";
import { type ApplyOutcome, applyPaymentCheck } from "./apply";
import { findOrder } from "./orders";

/** A waiting order is asked about at most this often. */
export const RECONCILE_EVERY_MS = 60_000;

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

export type SweepReport = { checked: number; credited: number; expired: number; errors: number };

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
  const report: SweepReport = { checked: 0, credited: 0, expired: 0, errors: 0 };
  for (const order of due) {
    try {
      const { result } = await reconcileOrder(deps, order);
      report.checked++;
      if (result.outcome === "credited") report.credited++;
    } catch (error) {
      report.errors++;
      console.warn(`[server] reconciling order ${order.id}: ${error instanceof Error ? error.message : error}`);
    }
    if (order.expiresAt.getTime() <= now) {
      const expired = await deps.db
        .update(orders)
        .set({ status: "expired", updatedAt: new Date(now) })
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
