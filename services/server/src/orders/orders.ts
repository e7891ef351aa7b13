// Order rows: reading them (scoped to a tenant, or all for operators), their answer shape, and the notify log.
import type { ServerDb } from "@waule/db/connect";
import { readPage } from "@waule/db/paging";
import { type OrderRow, orders, type PaymentNotifyRow, paymentNotifies } from "@waule/db/server";
import { AppError } from "@waule/shared/errors";
import type { OrderListQuery, OrderPage, OrderView, PaymentNotifyView } from "@waule/shared/orders";
import type { PageQuery } from "@waule/shared/pagination";
import { and, asc, count, desc, eq, type SQL } from "drizzle-orm";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toOrderView(o: OrderRow): OrderView {
  return {
    id: o.id,
    tenant_id: o.tenantId,
    package_id: o.packageId,
    package_name: o.packageName,
    provider: o.provider,
    status: o.status,
    amount: o.amount,
    currency: o.currency,
    credits: o.credits,
    bonus_credits: o.bonusCredits,
    validity_days: o.validityDays,
    pay_url: o.payUrl,
    qr_code: o.qrCode,
    failure: o.failure,
    created_at: o.createdAt.toISOString(),
    expires_at: o.expiresAt.toISOString(),
    paid_at: iso(o.paidAt),
    credited_at: iso(o.creditedAt),
  };
}

export async function findOrder(db: ServerDb, id: string): Promise<OrderRow | undefined> {
  return db.query.orders.findFirst({ where: eq(orders.id, id) });
}

/** 404 for another tenant's order, the same as for a missing one. */
export async function getOrder(db: ServerDb, id: string, tenantId: string | null): Promise<OrderRow> {
  const found = await findOrder(db, id);
  if (!found || (tenantId !== null && found.tenantId !== tenantId))
    throw new AppError("not_found", `order ${id} not found`);
  return found;
}

/** `tenantId` null: every tenant's (operators), optionally filtered by `query.tenant_id`. */
export async function listOrders(db: ServerDb, tenantId: string | null, query: OrderListQuery): Promise<OrderPage> {
  const filters: SQL[] = [];
  const tenant = tenantId ?? query.tenant_id;
  if (tenant) filters.push(eq(orders.tenantId, tenant));
  if (query.status) filters.push(eq(orders.status, query.status));
  const where = filters.length ? and(...filters) : undefined;
  const order =
    query.order === "asc" ? [asc(orders.createdAt), asc(orders.id)] : [desc(orders.createdAt), desc(orders.id)];
  return readPage(
    query,
    (limit, offset) =>
      db
        .select()
        .from(orders)
        .where(where)
        .orderBy(...order)
        .limit(limit)
        .offset(offset),
    () => db.select({ n: count() }).from(orders).where(where),
    toOrderView,
  );
}

export type NotifyLogEntry = Pick<
  PaymentNotifyRow,
  "provider" | "orderId" | "outcome" | "reason" | "eventId" | "remoteIp"
>;

/** Every notify is kept with what became of it; refused ones are also said on the console for whoever watches the logs. */
export async function logNotify(db: ServerDb, entry: NotifyLogEntry, now: number): Promise<void> {
  if (entry.outcome === "refused")
    console.warn(`[server] payment notify refused (${entry.provider}, order ${entry.orderId ?? "?"}): ${entry.reason}`);
  await db.insert(paymentNotifies).values({ ...entry, createdAt: new Date(now) });
}

/** Whether a notify with this provider event id was already taken (credited or a duplicate of one). */
export async function seenEvent(db: ServerDb, provider: string, eventId: string): Promise<boolean> {
  const rs = await db.$client.execute({
    sql: "SELECT 1 FROM payment_notifies WHERE provider = ? AND event_id = ? AND outcome IN ('credited', 'duplicate') LIMIT 1",
    args: [provider, eventId],
  });
  return rs.rows.length > 0;
}

export function toNotifyView(r: PaymentNotifyRow): PaymentNotifyView {
  return {
    seq: r.seq,
    provider: r.provider,
    orderId: r.orderId,
    outcome: r.outcome,
    reason: r.reason,
    eventId: r.eventId,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function listNotifies(db: ServerDb, query: PageQuery & { order_id?: string }) {
  const where = query.order_id ? eq(paymentNotifies.orderId, query.order_id) : undefined;
  return readPage(
    query,
    (limit, offset) =>
      db
        .select()
        .from(paymentNotifies)
        .where(where)
        .orderBy(query.order === "asc" ? asc(paymentNotifies.seq) : desc(paymentNotifies.seq))
        .limit(limit)
        .offset(offset),
    () => db.select({ n: count() }).from(paymentNotifies).where(where),
    toNotifyView,
  );
}
