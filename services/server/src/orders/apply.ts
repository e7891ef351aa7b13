// The one decision about what a provider said of an order, for notifies and reconciliation alike: a paid
// payment of exactly the order's amount and currency is credited (once); anything else changes nothing.
import { type OrderRow, orders } from "@waule/db/server";
import { and, eq } from "drizzle-orm";
import { creditPaidOrder } from "../billing/purchase";
import type { PaymentCheck } from "../payments/provider";
import type { PaymentDeps } from "./adapters";

export type ApplyOutcome = { outcome: "credited" | "duplicate" | "ignored" | "refused"; reason: string | null };

export async function applyPaymentCheck(
  deps: PaymentDeps,
  order: OrderRow,
  check: PaymentCheck,
): Promise<ApplyOutcome> {
  if (check.orderId !== order.id) return { outcome: "refused", reason: `answer is about order ${check.orderId}` };
  const now = deps.clock.now();
  if (check.state === "pending") return { outcome: "ignored", reason: "not paid yet" };
  if (check.state === "closed") {
    // Only an order still waiting fails; a credited one stays credited.
    await deps.db
      .update(orders)
      .set({ status: "failed", failure: "the provider closed the payment", updatedAt: new Date(now) })
      .where(and(eq(orders.id, order.id), eq(orders.status, "created")));
    return { outcome: "ignored", reason: "payment closed at the provider" };
  }
  if (check.amount !== order.amount)
    return { outcome: "refused", reason: `amount ${check.amount} does not match the order's ${order.amount}` };
  if (check.currency !== order.currency)
    return { outcome: "refused", reason: `currency ${check.currency} does not match the order's ${order.currency}` };
  const result = await creditPaidOrder({ db: deps.db, now }, order, { providerRef: check.providerRef });
  if (result.credited) return { outcome: "credited", reason: null };
  const current = await deps.db.query.orders.findFirst({ where: eq(orders.id, order.id) });
  return current?.status === "credited"
    ? { outcome: "duplicate", reason: "already credited" }
    : { outcome: "refused", reason: `order is ${current?.status ?? "gone"}; a payment for it needs an operator` };
}
