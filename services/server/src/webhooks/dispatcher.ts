// Delivers finished tasks' webhooks and tenant events (balance.low): claims each pending one with a lease (one instance
// at a time), resumes after restarts.
import type { ServerDb } from "@waule/db/connect";
import { type TaskRow, tasks } from "@waule/db/server";
import type { Clock } from "@waule/shared/clock";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { toTask } from "../tasks/repository";
import { getTenant } from "../tenants/tenants";
import { dbAttemptPort, LEASE_MARGIN_MS, lastAttempt } from "./attempts";
import { defaultRetryPolicy, deliverWebhook, type RetryPolicy } from "./delivery";
import { webhookPayloadFor } from "./payload";
import { webhookSecretOf } from "./settings";
import { tenantEventDelivery } from "./tenant-events";

export type WebhookDispatcherDeps = {
  db: ServerDb;
  clock: Clock;
  encryptionKey: string;
  fetch: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  policy?: RetryPolicy;
  /** Checked before every attempt (production: the URL must not resolve to a private address); a refusal is a failed attempt. */
  guardUrl?: (url: string) => Promise<void>;
};

export type WebhookDispatcher = {
  /** Claims due deliveries and starts them in the background. */
  tick(): Promise<void>;
  /** Waits for every delivery this instance is running (tests; graceful shutdown). */
  drain(): Promise<void>;
};

export function createWebhookDispatcher(deps: WebhookDispatcherDeps): WebhookDispatcher {
  const policy = deps.policy ?? defaultRetryPolicy;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const active = new Map<string, Promise<void>>();
  const events = tenantEventDelivery({ ...deps, sleep, policy });
  const run = (id: string, work: Promise<void>) => {
    const running = work
      .catch((err) => console.error(`[webhooks] delivery for ${id} failed`, err))
      .finally(() => active.delete(id));
    active.set(id, running);
  };

  async function claim(id: string): Promise<TaskRow | null> {
    const now = deps.clock.now();
    const [row] = await deps.db
      .update(tasks)
      .set({ webhookLeaseUntil: new Date(now + policy.timeoutMs + LEASE_MARGIN_MS) })
      .where(
        and(
          eq(tasks.id, id),
          eq(tasks.webhookStatus, "pending"),
          or(isNull(tasks.webhookLeaseUntil), lt(tasks.webhookLeaseUntil, new Date(now))),
        ),
      )
      .returning();
    return row ?? null;
  }

  async function deliver(row: TaskRow): Promise<void> {
    const tenant = await getTenant(deps.db, row.tenantId);
    const url = row.callbackUrl ?? tenant.webhookUrl;
    const secret = await webhookSecretOf(tenant, deps.encryptionKey);
    const finish = (status: "delivered" | "failed" | null) =>
      deps.db.update(tasks).set({ webhookStatus: status, webhookLeaseUntil: null }).where(eq(tasks.id, row.id));
    if (!url || !secret) return void (await finish(null));
    const deliveryId = `evt_${row.id}`;
    const last = await lastAttempt(deps.db, deliveryId);
    if (last?.succeeded) return void (await finish("delivered"));
    const firstAttempt = (last?.attempt ?? 0) + 1;
    if (firstAttempt > policy.maxAttempts) return void (await finish("failed"));
    const wait = (last?.nextAttemptAt?.getTime() ?? 0) - deps.clock.now();
    if (wait > 0) await sleep(wait);
    // created_at is the finish time, so every attempt (and a resumed one) sends the same bytes.
    const payload = webhookPayloadFor(toTask(row), deliveryId, (row.finishedAt ?? row.updatedAt).getTime() / 1000);
    const result = await deliverWebhook(
      {
        fetch: deps.fetch,
        clock: deps.clock,
        sleep,
        policy,
        guardUrl: deps.guardUrl,
        attempts: dbAttemptPort(deps.db, row.tenantId, policy.timeoutMs),
      },
      { url, secret, payload, firstAttempt },
    );
    await finish(result.delivered ? "delivered" : "failed");
  }

  return {
    async tick() {
      const now = new Date(deps.clock.now());
      const due = await deps.db
        .select({ id: tasks.id })
        .from(tasks)
        .where(
          and(
            eq(tasks.webhookStatus, "pending"),
            or(isNull(tasks.webhookLeaseUntil), lt(tasks.webhookLeaseUntil, now)),
          ),
        )
        .limit(50);
      for (const { id } of due) {
        if (active.has(id)) continue;
        const row = await claim(id);
        if (row) run(id, deliver(row));
      }
      for (const id of await events.due(50)) {
        if (active.has(id)) continue;
        const row = await events.claim(id);
        if (row) run(id, events.deliver(row));
      }
    },
    async drain() {
      while (active.size > 0) await Promise.allSettled([...active.values()]);
    },
  };
}
