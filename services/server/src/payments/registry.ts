// Every payment provider by name; adding one is a folder and a line here.
import type { PaymentProviderName } from "@waule/shared/orders";
import { alipayProvider } from "./alipay";
import type { PaymentProvider } from "./provider";
import { stripeProvider } from "./stripe";
import { wechatProvider } from "./wechat";

export const paymentProviders: Record<PaymentProviderName, PaymentProvider> = {
  alipay: alipayProvider,
  wechat: wechatProvider,
  stripe: stripeProvider,
};
