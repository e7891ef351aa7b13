// The one interface every payment provider implements: start a payment, verify its notify, ask about a payment.
// Orders (orders/) only talk to this; provider specifics live in payments/<provider>/.
import type { OrderRow } from "@waule/db/server";
import type { PaymentProviderName } from "@waule/shared/orders";
import type { Currency } from "@waule/shared/packages";
import type { PlatformSettings } from "../settings/defaults";

/** What the provider says about one order's payment. */
export type PaymentCheck = {
  /** Our order id, as the provider echoes it (out_trade_no, client_reference_id). */
  orderId: string;
  /** `closed`: the provider will never take this payment (closed, expired, refunded before paying). */
  state: "paid" | "pending" | "closed";
  /** In minor units; null when the provider has no trade yet. */
  amount: number | null;
  currency: Currency | null;
  providerRef: string | null;
};

/** A notify that passed signature and freshness checks. `ignored`: genuine, but about nothing we act on. */
export type VerifiedNotify =
  | { kind: "payment"; eventId: string | null; payment: PaymentCheck }
  | { kind: "ignored"; eventId: string | null; reason: string };

/** The answer of a close for an order the provider has no trade for: nothing can be paid any more. */
export function closedCheck(orderId: string): PaymentCheck {
  return { orderId, state: "closed", amount: null, currency: null, providerRef: null };
}

export type PaymentStart = { payUrl: string | null; qrCode: string | null; providerRef: string | null };

export type StartContext = {
  notifyUrl: string;
  /** Where the buyer's browser goes after paying (page flows). */
  returnUrl: string;
  now: number;
};

/** A notify we refuse: forged, stale, malformed or for another merchant. Logged and answered with the provider's failure shape. */
export class NotifyRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "NotifyRefused";
  }
}

export type NotifyRequest = { headers: Headers; body: string; now: number };

export type PaymentAdapter = {
  start(order: OrderRow, ctx: StartContext): Promise<PaymentStart>;
  verifyNotify(request: NotifyRequest): Promise<VerifiedNotify>;
  query(order: OrderRow): Promise<PaymentCheck>;
  /**
   * Closes the order's payment at the provider (an order past its time), so it can no longer be paid. "Already closed"
   * and "no such trade" are fine (state `closed`); when the provider refuses because it was paid after all, the answer
   * is its query's (state `paid`, to be credited). Throws only when the provider could not be asked.
   */
  close(order: OrderRow): Promise<PaymentCheck>;
  /** The answer that tells the provider the notify was taken (it stops retrying). */
  acknowledge(): Response;
  /** The answer that tells the provider the notify was refused. */
  refuse(reason: string): Response;
};

export type PaymentProvider = {
  name: PaymentProviderName;
  /** Currencies it can charge in. */
  currencies: readonly Currency[];
  /** An adapter built from the current settings; secrets are unsealed with `unseal` only for the call. */
  adapter(
    settings: PlatformSettings,
    unseal: (sealed: string | null) => Promise<string | null>,
  ): Promise<PaymentAdapter>;
};

/** Minor units ↔ the decimal string providers such as Alipay use ("12.34"). */
export function toDecimal(minor: number): string {
  return `${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, "0")}`;
}

/** Null unless the string is an exact amount with at most two decimals. */
export function fromDecimal(value: string): number | null {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(value);
  if (!m?.[1]) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "0").padEnd(2, "0"));
}
