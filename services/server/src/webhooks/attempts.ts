// The delivery module's port onto webhook_deliveries: one row per attempt, and the task's lease moved along with it.
import type { ServerDb } from "@waule/db/connect";
import { tasks, webhookDeliveries } from "@waule/db/server";
import { desc, eq } from "drizzle-orm";
import type { DeliveryAttemptPort } from "./delivery";

/** How long past an attempt's due time another instance waits before taking the delivery over. */
export const LEASE_MARGIN_MS = 30_000;

export function dbAttemptPort(db: ServerDb, tenantId: string, timeoutMs: number): DeliveryAttemptPort {
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
      await db.update(tasks).set({ webhookLeaseUntil: new Date(due + timeoutMs + LEASE_MARGIN_MS) }).where(eq(tasks.id, a.taskId));
    },
  };
}

/** The last recorded attempt of a delivery, to resume after a restart where it stopped. */
export async function lastAttempt(db: ServerDb, deliveryId: string) {
  return db.query.webhookDeliveries.findFirst({ where: eq(webhookDeliveries.deliveryId, deliveryId), orderBy: [desc(webhookDeliveries.attempt)] });
}
