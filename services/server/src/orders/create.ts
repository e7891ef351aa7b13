// POST /api/v1/orders: an order for one package through one enabled provider, started at the provider at once.
import { orders } from "@waule/db/server";
import { AppError } from "@waule/shared/errors";
import type { OrderCreateRequest, OrderView } from "@waule/shared/orders";
import { eq } from "drizzle-orm";
import type { Principal } from "../auth/middleware";
import { getBuyablePackage } from "../packages/packages";
import { paymentProviders } from "../payments/registry";
import { adapterFor, type PaymentDeps } from "./adapters";
import { getOrder, toOrderView } from "./orders";

export function notifyUrlOf(publicBaseUrl: string, provider: string): string {
  return `${publicBaseUrl.replace(/\/+$/, "")}/payments/${provider}/notify`;
}

/**
 * Everything that can be refused (provider off, package gone, currency the provider cannot take) is refused before
 * the order is written. A provider that fails to start the payment leaves the order `failed`, with the reason.
 */
export async function createOrder(
  deps: PaymentDeps,
  principal: Principal,
  input: OrderCreateRequest,
): Promise<OrderView> {
  const settings = await deps.settings.get();
  const name = input.provider;
  if (!settings[name].enabled) throw new AppError("invalid_request", `payment provider ${name} is not enabled`);
  const base = settings.payments.publicBaseUrl;
  if (!base) throw new AppError("conflict", "payments have no public base URL configured");
  const pkg = await getBuyablePackage(deps.db, input.package_id);
  if (!paymentProviders[name].currencies.includes(pkg.currency))
    throw new AppError("invalid_request", `${name} cannot charge in ${pkg.currency}`);
  const adapter = await adapterFor(deps, name, settings);

  const now = deps.clock.now();
  const id = deps.ids.make("ord");
  const [row] = await deps.db
    .insert(orders)
    .values({
      id,
      tenantId: principal.tenant.id,
      packageId: pkg.id,
      packageName: pkg.name,
      provider: name,
      status: "created",
      amount: pkg.price,
      currency: pkg.currency,
      credits: pkg.credits,
      bonusCredits: pkg.bonusCredits,
      validityDays: pkg.validityDays,
      createdBy: principal.user?.id ?? principal.apiKeyId,
      createdAt: new Date(now),
      updatedAt: new Date(now),
      expiresAt: new Date(now + settings.payments.orderTtlMinutes * 60_000),
    })
    .returning();
  if (!row) throw new AppError("internal_error", "the order was not written");
  try {
    const started = await adapter.start(row, {
      notifyUrl: notifyUrlOf(base, name),
      returnUrl: `${base.replace(/\/+$/, "")}/?order=${encodeURIComponent(id)}#/credits`,
      now,
    });
    await deps.db
      .update(orders)
      .set({
        payUrl: started.payUrl,
        qrCode: started.qrCode,
        providerRef: started.providerRef,
        updatedAt: new Date(now),
      })
      .where(eq(orders.id, id));
  } catch (error) {
    const failure = error instanceof Error ? error.message : String(error);
    await deps.db
      .update(orders)
      .set({ status: "failed", failure, updatedAt: new Date(deps.clock.now()) })
      .where(eq(orders.id, id));
    throw error;
  }
  return toOrderView(await getOrder(deps.db, id, principal.tenant.id));
}
