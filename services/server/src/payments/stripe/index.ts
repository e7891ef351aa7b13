// Stripe Checkout: a hosted payment page per order (official `stripe` SDK), webhooks verified by the SDK's
// constructEvent (its async form: under Bun the SDK's web build has only async HMAC), sessions retrieved to reconcile.
import { AppError } from "@waule/shared/errors";
import type Stripe from "stripe";
import { closedCheck, NotifyRefused, type PaymentAdapter, type PaymentCheck, type PaymentProvider } from "../provider";

/** Stripe's own default: a signed webhook older than this is a replay. */
export const STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300;
/** Stripe refuses a Checkout Session that expires sooner than 30 minutes after creation. */
const MIN_SESSION_SECONDS = 30 * 60 + 60;

type Session = {
  id: string;
  client_reference_id?: string | null;
  amount_total?: number | null;
  currency?: string | null;
  payment_status?: string;
  status?: string | null;
};

function checkOf(session: Session, orderId: string): PaymentCheck {
  const currency = session.currency?.toUpperCase();
  const state: PaymentCheck["state"] =
    session.payment_status === "paid" || session.payment_status === "no_payment_required"
      ? "paid"
      : session.status === "expired"
        ? "closed"
        : "pending";
  return {
    orderId: session.client_reference_id ?? orderId,
    state,
    amount: typeof session.amount_total === "number" ? session.amount_total : null,
    currency: currency === "CNY" || currency === "USD" ? currency : null,
    providerRef: session.id,
  };
}

/** The SDK, loaded on first use: most server processes never take a Stripe order and need not hold it in memory. */
const stripeSdk = () => import("stripe").then((m) => m.default);

function stripeClient(StripeSdk: typeof Stripe, secretKey: string, apiBase: string): Stripe {
  const url = new URL(apiBase);
  return new StripeSdk(secretKey, {
    host: url.hostname,
    port: url.port || (url.protocol === "http:" ? 80 : 443),
    protocol: url.protocol === "http:" ? "http" : "https",
    maxNetworkRetries: 1,
    timeout: 10_000,
    telemetry: false,
  });
}

function upstream(StripeSdk: typeof Stripe, error: unknown): AppError {
  if (error instanceof StripeSdk.errors.StripeInvalidRequestError)
    return new AppError("upstream_bad_request", `stripe refused: ${error.message}`);
  return new AppError("upstream_unavailable", `stripe: ${error instanceof Error ? error.message : String(error)}`);
}

export const stripeProvider: PaymentProvider = {
  name: "stripe",
  currencies: ["CNY", "USD"],
  async adapter(settings, unseal): Promise<PaymentAdapter> {
    const secretKey = await unseal(settings.stripe.secretKey);
    const webhookSecret = await unseal(settings.stripe.webhookSecret);
    if (!secretKey || !webhookSecret) throw new Error("stripe is not configured");
    const StripeSdk = await stripeSdk();
    const stripe = stripeClient(StripeSdk, secretKey, settings.stripe.apiBase);
    const upstreamError = (e: unknown) => upstream(StripeSdk, e);
    const adapter: PaymentAdapter = {
      async start(order, ctx) {
        const expiresAt = Math.max(
          Math.floor(order.expiresAt.getTime() / 1000),
          Math.floor(ctx.now / 1000) + MIN_SESSION_SECONDS,
        );
        const session = await stripe.checkout.sessions
          .create(
            {
              mode: "payment",
              client_reference_id: order.id,
              metadata: { order_id: order.id },
              line_items: [
                {
                  quantity: 1,
                  price_data: {
                    currency: order.currency.toLowerCase(),
                    unit_amount: order.amount,
                    product_data: { name: order.packageName },
                  },
                },
              ],
              success_url: ctx.returnUrl,
              cancel_url: ctx.returnUrl,
              expires_at: expiresAt,
            },
            // A retried create (network blip) gets the same session, not a second one.
            { idempotencyKey: `order-${order.id}` },
          )
          .catch((e) => {
            throw upstreamError(e);
          });
        if (!session.url) throw new AppError("upstream_unavailable", "stripe answered a session without a URL");
        return { payUrl: session.url, qrCode: null, providerRef: session.id };
      },

      async verifyNotify({ headers, body, now }) {
        const signature = headers.get("stripe-signature");
        if (!signature) throw new NotifyRefused("stripe webhook without a Stripe-Signature header");
        let event: Stripe.Event;
        try {
          event = await stripe.webhooks.constructEventAsync(
            body,
            signature,
            webhookSecret,
            STRIPE_WEBHOOK_TOLERANCE_SECONDS,
            undefined,
            now,
          );
        } catch (error) {
          // The SDK's message runs to several paragraphs of advice; its first line is the reason.
          const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
          throw new NotifyRefused(`stripe webhook refused: ${message}`);
        }
        const relevant = [
          "checkout.session.completed",
          "checkout.session.async_payment_succeeded",
          "checkout.session.async_payment_failed",
          "checkout.session.expired",
        ];
        if (!relevant.includes(event.type))
          return { kind: "ignored", eventId: event.id, reason: `event ${event.type}` };
        const session = event.data.object as Session;
        if (!session.client_reference_id) throw new NotifyRefused("stripe session without client_reference_id");
        const check = checkOf(session, session.client_reference_id);
        if (event.type === "checkout.session.async_payment_failed") check.state = "closed";
        return { kind: "payment", eventId: event.id, payment: check };
      },

      async query(order) {
        if (!order.providerRef)
          return { orderId: order.id, state: "pending", amount: null, currency: null, providerRef: null };
        const session = await stripe.checkout.sessions.retrieve(order.providerRef).catch((e) => {
          throw upstreamError(e);
        });
        return checkOf(session as Session, order.id);
      },

      async close(order) {
        if (!order.providerRef) return closedCheck(order.id);
        try {
          return checkOf((await stripe.checkout.sessions.expire(order.providerRef)) as Session, order.id);
        } catch (error) {
          // Only an open session can be expired: one already complete (paid) or expired is what its retrieve says;
          // one Stripe does not know cannot be paid.
          if (!(error instanceof StripeSdk.errors.StripeInvalidRequestError)) throw upstreamError(error);
          if (error.statusCode === 404) return closedCheck(order.id);
          const check = await adapter.query(order);
          if (check.state === "pending") throw upstreamError(error);
          return check;
        }
      },

      acknowledge: () => Response.json({ received: true }),
      refuse: (reason) => Response.json({ error: { code: "invalid_request", message: reason } }, { status: 400 }),
    };
    return adapter;
  },
};
