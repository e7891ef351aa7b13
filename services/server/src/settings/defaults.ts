// The settings a fresh platform runs with, and the shape the store keeps them in (secrets sealed, never in clear).
import type {
  alipaySettings,
  featureSettings,
  limitSettings,
  paymentSettings,
  pricingSettings,
  siteSettings,
  stripeSettings,
  wechatSettings,
} from "@waule/shared/settings";
import type { z } from "zod";

/** A value sealed with CONFIG_ENCRYPTION_KEY (@waule/shared/sealing), or null when unset. */
type Sealed = string | null;

export type PlatformSettings = {
  site: z.infer<typeof siteSettings>;
  limits: z.infer<typeof limitSettings>;
  pricing: z.infer<typeof pricingSettings>;
  features: z.infer<typeof featureSettings>;
  payments: z.infer<typeof paymentSettings>;
  alipay: z.infer<typeof alipaySettings> & { privateKey: Sealed };
  wechat: z.infer<typeof wechatSettings> & { privateKey: Sealed; apiV3Key: Sealed };
  stripe: z.infer<typeof stripeSettings> & { secretKey: Sealed; webhookSecret: Sealed };
};
export type SettingsSection = keyof PlatformSettings;

export const settingsSections = [
  "site",
  "limits",
  "pricing",
  "features",
  "payments",
  "alipay",
  "wechat",
  "stripe",
] as const satisfies readonly SettingsSection[];

export function defaultSettings(): PlatformSettings {
  return {
    site: { name: "Waule", logoText: "Waule", announcement: "" },
    limits: { tenantRpm: null, keyRpm: null, maxConcurrentTasks: null },
    pricing: { defaultPriceGroup: "default" },
    features: { midjourney: true },
    payments: { publicBaseUrl: null, orderTtlMinutes: 30 },
    alipay: {
      enabled: false,
      appId: null,
      mode: "qr",
      alipayPublicKey: null,
      gateway: "https://openapi.alipay.com/gateway.do",
      privateKey: null,
    },
    wechat: {
      enabled: false,
      mchid: null,
      appid: null,
      merchantSerialNo: null,
      platformPublicKey: null,
      platformSerial: null,
      baseUrl: "https://api.mch.weixin.qq.com",
      privateKey: null,
      apiV3Key: null,
    },
    stripe: { enabled: false, apiBase: "https://api.stripe.com", secretKey: null, webhookSecret: null },
  };
}
