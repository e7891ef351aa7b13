// POST /payments/<provider>/notify: verify (signature, freshness, merchant), match the order, apply, log, answer
// in the provider's own success or failure shape. Nothing changes for a notify that fails any check.
import { AppError } from "@waule/shared/errors";
import type { PaymentProviderName } from "@waule/shared/orders";
import { NotifyRefused } from "../payments/provider";
import { adapterFor, type PaymentDeps } from "./adapters";
import { applyPaymentCheck } from "./apply";
import { findOrder, logNotify, seenEvent } from "./orders";

export async function handleNotify(
  deps: PaymentDeps,
  provider: PaymentProviderName,
  request: { headers: Headers; body: string; remoteIp: string | null },
): Promise<Response> {
  const now = deps.clock.now();
  const log = (entry: {
    orderId: string | null;
    outcome: "credited" | "duplicate" | "ignored" | "refused";
    reason: string | null;
    eventId: string | null;
  }) => logNotify(deps.db, { provider, remoteIp: request.remoteIp, ...entry }, now);
  // A provider switched off still has its notifies verified and honoured: a buyer who already paid must get the credits.
  let adapter: Awaited<ReturnType<typeof adapterFor>>;
  try {
    adapter = await adapterFor(deps, provider, await deps.settings.get());
  } catch (error) {
    const reason = error instanceof AppError ? error.message : String(error);
    await log({ orderId: null, outcome: "refused", reason, eventId: null });
    return Response.json({ error: { code: "conflict", message: reason } }, { status: 409 });
  }
  let verified: Awaited<ReturnType<typeof adapter.verifyNotify>>;
  try {
    verified = await adapter.verifyNotify({ headers: request.headers, body: request.body, now });
  } catch (error) {
    if (!(error instanceof NotifyRefused)) throw error;
    await log({ orderId: null, outcome: "refused", reason: error.reason, eventId: null });
    return adapter.refuse(error.reason);
  }
  if (verified.kind === "ignored") {
    await log({ orderId: null, outcome: "ignored", reason: verified.reason, eventId: verified.eventId });
    return adapter.acknowledge();
  }
  const { payment, eventId } = verified;
  const order = await findOrder(deps.db, payment.orderId);
  if (!order || order.provider !== provider) {
    const reason = order
      ? `order ${payment.orderId} is paid through ${order.provider}`
      : `unknown order ${payment.orderId}`;
    await log({ orderId: payment.orderId, outcome: "refused", reason, eventId });
    return adapter.refuse(reason);
  }
  if (eventId && (await seenEvent(deps.db, provider, eventId))) {
    await log({ orderId: order.id, outcome: "duplicate", reason: "event already taken", eventId });
    return adapter.acknowledge();
  }
  const result = await applyPaymentCheck(deps, order, payment);
  await log({ orderId: order.id, outcome: result.outcome, reason: result.reason, eventId });
  return result.outcome === "refused" ? adapter.refuse(result.reason ?? "refused") : adapter.acknowledge();
}
