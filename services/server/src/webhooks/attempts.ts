// The delivery module's port onto webhook_deliveries: one row per attempt, and the task's lease moved along with it.

import type { ServerDb } from "@waule/db/connect";
import { readPage } from "@waule/db/paging";
import { tasks, tenantEvents, webhookDeliveries } from "@waule/db/server";
import type { WebhookDeliveryList, WebhookDeliveryQuery } from "@waule/shared/tasks";
import { and, asc, count, desc, eq, type SQL } from "drizzle-orm";
import type { DeliveryAttemptPort } from "./delivery";

/** How long past an attempt's due time another instance waits before taking the delivery over. */
export const LEASE_MARGIN_MS = 30_000;

/** `leaseOn`: the outbox the delivery was claimed from (a task row, or a tenant event row), whose lease moves along. */
export function dbAttemptPort(
  db: ServerDb,
  tenantId: string,
  timeoutMs: number,
  leaseOn: "task" | "event" = "task",
): DeliveryAttemptPort {
  return {
    async record(a) {
      await db
        .insert(webhookDeliveries)
        .values({
          deliveryId: a.deliveryId,
          tenantId,
          taskId: a.taskId,
          url: a.url,
          attempt: a.attempt,
          statusCode: a.statusCode,
          error: a.error,
          succeeded: a.succeeded,
          durationMs: a.durationMs,
          startedAt: new Date(a.startedAt),
          nextAttemptAt: a.nextAttemptAt === null ? null : new Date(a.nextAttemptAt),
        })
        .onConflictDoNothing();
      const due = a.nextAttemptAt ?? a.startedAt + a.durationMs;
      const leaseUntil = new Date(due + timeoutMs + LEASE_MARGIN_MS);
      if (leaseOn === "event")
        await db.update(tenantEvents).set({ webhookLeaseUntil: leaseUntil }).where(eq(tenantEvents.id, a.taskId));
      else await db.update(tasks).set({ webhookLeaseUntil: leaseUntil }).where(eq(tasks.id, a.taskId));
    },
  };
}

/** The last recorded attempt of a delivery, to resume after a restart where it stopped. */
export async function lastAttempt(db: ServerDb, deliveryId: string) {
  return db.query.webhookDeliveries.findFirst({
    where: eq(webhookDeliveries.deliveryId, deliveryId),
    orderBy: [desc(webhookDeliveries.attempt)],
  });
}

/** One tenant's attempts, optionally for one task; what a tenant reads to debug its receiver. */
export async function listDeliveries(
  db: ServerDb,
  tenantId: string,
  query: WebhookDeliveryQuery,
): Promise<WebhookDeliveryList> {
  const filters: SQL[] = [eq(webhookDeliveries.tenantId, tenantId)];
  if (query.task_id) filters.push(eq(webhookDeliveries.taskId, query.task_id));
  const where = and(...filters);
  const order = query.order === "asc" ? asc(webhookDeliveries.seq) : desc(webhookDeliveries.seq);
  const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
  return readPage(
    query,
    (limit, offset) => db.select().from(webhookDeliveries).where(where).orderBy(order).limit(limit).offset(offset),
    () => db.select({ n: count() }).from(webhookDeliveries).where(where),
    (r) => ({
      event_id: r.deliveryId,
      task_id: r.taskId,
      url: r.url,
      attempt: r.attempt,
      status_code: r.statusCode,
      error: r.error,
      succeeded: r.succeeded,
      duration_ms: r.durationMs,
      started_at: seconds(r.startedAt),
      next_attempt_at: r.nextAttemptAt ? seconds(r.nextAttemptAt) : null,
    }),
  );
}
