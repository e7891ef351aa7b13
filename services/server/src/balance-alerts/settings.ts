// A tenant's low-balance threshold: read and set by its managers; setting it (or turning it off) re-arms the alert.
import type { ServerDb } from "@waule/db/connect";
import { type Tenant, tenants } from "@waule/db/server";
import type { BalanceAlertRequest, BalanceAlertSettings } from "@waule/shared/balance-alerts";
import { eq } from "drizzle-orm";
import { getTenant } from "../tenants/tenants";

export function balanceAlertOf(
  tenant: Pick<Tenant, "credits" | "lowBalanceThreshold" | "lowBalanceAlertedAt">,
): BalanceAlertSettings {
  const threshold = tenant.lowBalanceThreshold;
  return {
    threshold,
    balance: tenant.credits,
    low: threshold !== null && tenant.credits < threshold,
    alerted: tenant.lowBalanceAlertedAt !== null,
  };
}

/**
 * Re-armed on every change, so the next spend that leaves the balance below the new threshold sends one event — even
 * when the balance is below it already (the tenant asked to hear about it).
 */
export async function setBalanceAlert(
  ctx: { db: ServerDb; now: number },
  tenantId: string,
  input: BalanceAlertRequest,
): Promise<BalanceAlertSettings> {
  await ctx.db
    .update(tenants)
    .set({ lowBalanceThreshold: input.threshold, lowBalanceAlertedAt: null, updatedAt: new Date(ctx.now) })
    .where(eq(tenants.id, tenantId));
  return balanceAlertOf(await getTenant(ctx.db, tenantId));
}
