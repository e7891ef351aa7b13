// Delivers tenant-level events (`balance.low`) from the tenant_events outbox, with the same lease, signing and retries as tasks.
import type { ServerDb } from "@waule/db/connect";
import { type TenantEventRow, tenantEvents } from "@waule/db/server";
import type { BalanceLowPayload } from "@waule/shared/balance-alerts";
import type { Clock } from "@waule/shared/clock";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { getTenant } from "../tenants/tenants";
import { dbAttemptPort, LEASE_MARGIN_MS, lastAttempt } from "./attempts";
import { deliverWebhook, type RetryPolicy } from "./delivery";
import { webhookSecretOf } from "./settings";

export type TenantEventDeps = {
  db: ServerDb;
  clock: Clock;
  encryptionKey: string;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  policy: RetryPolicy;
  guardUrl?: (url: string) => Promise<void>;
};

/** The body of a stored event; created_at is the event's own time, so every attempt sends the same bytes. */
export function tenantEventPayload(row: TenantEventRow): BalanceLowPayload {
  const data = row.data as { tenant_id: string; balance: number; threshold: number };
  return {
    id: row.id,
    object: "event",
    type: row.type,
    created_at: Math.floor(row.createdAt.getTime() / 1000),
    data: { tenant_id: data.tenant_id, balance: Number(data.balance), threshold: Number(data.threshold) },
  };
}

const claimable = (now: Date) =>
  and(
    eq(tenantEvents.webhookStatus, "pending"),
    or(isNull(tenantEvents.webhookLeaseUntil), lt(tenantEvents.webhookLeaseUntil, now)),
  );

export function tenantEventDelivery(deps: TenantEventDeps) {
  return {
    async due(limit: number): Promise<string[]> {
      const rows = await deps.db
        .select({ id: tenantEvents.id })
        .from(tenantEvents)
        .where(claimable(new Date(deps.clock.now())))
        .limit(limit);
      return rows.map((r) => r.id);
    },
    /** One instance wins the lease; the others get null. */
    async claim(id: string): Promise<TenantEventRow | null> {
      const now = deps.clock.now();
      const [row] = await deps.db
        .update(tenantEvents)
        .set({ webhookLeaseUntil: new Date(now + deps.policy.timeoutMs + LEASE_MARGIN_MS) })
        .where(and(eq(tenantEvents.id, id), claimable(new Date(now))))
        .returning();
      return row ?? null;
    },
    async deliver(row: TenantEventRow): Promise<void> {
      const tenant = await getTenant(deps.db, row.tenantId);
      const secret = await webhookSecretOf(tenant, deps.encryptionKey);
      const finish = (status: "delivered" | "failed" | null) =>
        deps.db
          .update(tenantEvents)
          .set({ webhookStatus: status, webhookLeaseUntil: null })
          .where(eq(tenantEvents.id, row.id));
      if (!tenant.webhookUrl || !secret) return void (await finish(null));
      const last = await lastAttempt(deps.db, row.id);
      if (last?.succeeded) return void (await finish("delivered"));
      const firstAttempt = (last?.attempt ?? 0) + 1;
      if (firstAttempt > deps.policy.maxAttempts) return void (await finish("failed"));
      const wait = (last?.nextAttemptAt?.getTime() ?? 0) - deps.clock.now();
      if (wait > 0) await deps.sleep(wait);
      const result = await deliverWebhook(
        {
          fetch: deps.fetch,
          clock: deps.clock,
          sleep: deps.sleep,
          policy: deps.policy,
          guardUrl: deps.guardUrl,
          attempts: dbAttemptPort(deps.db, row.tenantId, deps.policy.timeoutMs, "event"),
        },
        { url: tenant.webhookUrl, secret, payload: tenantEventPayload(row), firstAttempt },
      );
      await finish(result.delivered ? "delivered" : "failed");
    },
  };
}
