// Buying credits and the public site info: /site, /packages, /orders, checked against the shared schemas.
import { type ExpiringCreditList, expiringCreditList } from "@waule/shared/credit-grants";
import { type OrderCreateRequest, type OrderView, orderView } from "@waule/shared/orders";
import { type RechargePackageList, rechargePackageList } from "@waule/shared/packages";
import { type SiteInfo, siteInfo } from "@waule/shared/settings";
import type { Http } from "./http";

export function commerceCalls(http: Http) {
  return {
    site: (): Promise<SiteInfo> => http.get(siteInfo, "/site"),
    packages: (): Promise<RechargePackageList> => http.get(rechargePackageList, "/packages"),
    createOrder: (body: OrderCreateRequest): Promise<OrderView> => http.post(orderView, "/orders", body),
    order: (id: string, refresh = false): Promise<OrderView> =>
      http.get(orderView, `/orders/${encodeURIComponent(id)}${refresh ? "?refresh=true" : ""}`),
    expiringCredits: (): Promise<ExpiringCreditList> => http.get(expiringCreditList, "/credits/expiring"),
  };
}

/** Minor units as the buyer reads them: ¥19.99, $9.99. */
export function formatPrice(minor: number, currency: string): string {
  const symbol = currency === "USD" ? "$" : "¥";
  return `${symbol}${(minor / 100).toFixed(2)}`;
}
