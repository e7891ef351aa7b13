// Orders: a tenant buying a package through a payment provider (/api/v1/orders), and the operator's view of them.
import { z } from "zod";
import { currency } from "./packages";
import { pageOf, pageQuery } from "./pagination";

export const paymentProvider = z.enum(["alipay", "wechat", "stripe"]);
export type PaymentProviderName = z.infer<typeof paymentProvider>;
export const orderStatus = z.enum(["created", "paid", "credited", "expired", "failed"]);
export type OrderStatus = z.infer<typeof orderStatus>;

export const orderCreateRequest = z
  .object({ package_id: z.string().min(1).max(100), provider: paymentProvider })
  .strict();
export type OrderCreateRequest = z.infer<typeof orderCreateRequest>;

export const orderView = z.object({
  id: z.string(),
  tenant_id: z.string(),
  package_id: z.string(),
  package_name: z.string(),
  provider: paymentProvider,
  status: orderStatus,
  /** Integer minor units of `currency`. */
  amount: z.number().int(),
  currency,
  credits: z.number().int(),
  bonus_credits: z.number().int(),
  validity_days: z.number().int().nullable(),
  /** Open this to pay (Alipay page pay, Stripe Checkout). */
  pay_url: z.string().nullable(),
  /** Show this as a QR code to scan (Alipay precreate, WeChat Native code_url). */
  qr_code: z.string().nullable(),
  failure: z.string().nullable(),
  created_at: z.string(),
  expires_at: z.string(),
  paid_at: z.string().nullable(),
  credited_at: z.string().nullable(),
});
export type OrderView = z.infer<typeof orderView>;

export const orderListQuery = pageQuery.extend({
  status: orderStatus.optional(),
  tenant_id: z.string().max(100).optional(),
});
export type OrderListQuery = z.infer<typeof orderListQuery>;
export const orderPage = pageOf(orderView);
export type OrderPage = z.infer<typeof orderPage>;

export const orderQuery = z.object({ refresh: z.enum(["true", "false"]).optional() }).strict();

export const paymentNotifyView = z.object({
  seq: z.number().int(),
  provider: z.string(),
  orderId: z.string().nullable(),
  outcome: z.enum(["credited", "duplicate", "ignored", "refused"]),
  reason: z.string().nullable(),
  eventId: z.string().nullable(),
  createdAt: z.string(),
});
export type PaymentNotifyView = z.infer<typeof paymentNotifyView>;
