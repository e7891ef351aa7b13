// Platform settings (系统设置): what operators edit at /admin/api/settings and what every page reads from /api/v1/site.
import { z } from "zod";
import { paymentProvider } from "./orders";

const httpUrl = z
  .url()
  .max(500)
  .refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL");
const rpm = z.number().int().min(0).max(1_000_000).nullable();
const pem = z.string().trim().min(1).max(10_000);
/** A secret in a patch: a string sets it (sealed at rest), null clears it, absent keeps it. */
const secretInput = z.string().trim().min(1).max(10_000).nullable();

export const siteSettings = z
  .object({
    name: z.string().trim().min(1).max(60),
    logoText: z.string().trim().max(20),
    announcement: z.string().trim().max(2000),
  })
  .strict();
/** null: the environment's default (TENANT_RPM, KEY_RPM, MAX_CONCURRENT_TASKS); 0 turns the limit off. */
export const limitSettings = z.object({ tenantRpm: rpm, keyRpm: rpm, maxConcurrentTasks: rpm }).strict();
/** A plain name: price groups may later give it meaning; today it is only stored. */
export const pricingSettings = z
  .object({
    defaultPriceGroup: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,40}$/, "1-40 letters, digits, _ or -"),
  })
  .strict();
export const featureSettings = z.object({ midjourney: z.boolean() }).strict();
/** `publicBaseUrl`: where providers reach this server (notify URLs) and buyers return to. */
export const paymentSettings = z
  .object({ publicBaseUrl: httpUrl.nullable(), orderTtlMinutes: z.number().int().min(5).max(1440) })
  .strict();

export const alipaySettings = z
  .object({
    enabled: z.boolean(),
    appId: z.string().trim().max(64).nullable(),
    /** `qr`: alipay.trade.precreate (a QR code to scan); `page`: alipay.trade.page.pay (a link to open). */
    mode: z.enum(["qr", "page"]),
    alipayPublicKey: pem.nullable(),
    gateway: httpUrl,
  })
  .strict();
export const wechatSettings = z
  .object({
    enabled: z.boolean(),
    mchid: z.string().trim().max(32).nullable(),
    appid: z.string().trim().max(64).nullable(),
    merchantSerialNo: z.string().trim().max(64).nullable(),
    /**
     * WeChat Pay platform public key (微信支付公钥, or a certificate) that signs answers and notifies, and its serial.
     * Left empty, the platform certificates are downloaded from GET /v3/certificates instead.
     */
    platformPublicKey: pem.nullable(),
    platformSerial: z.string().trim().max(64).nullable(),
    baseUrl: httpUrl,
  })
  .strict();
export const stripeSettings = z.object({ enabled: z.boolean(), apiBase: httpUrl }).strict();

/** The secret fields of each provider, sealed in the database and answered only masked. */
export const providerSecretFields = {
  alipay: ["privateKey"],
  wechat: ["privateKey", "apiV3Key"],
  stripe: ["secretKey", "webhookSecret"],
} as const;

const masked = z.string().nullable();
export const settingsView = z.object({
  site: siteSettings,
  limits: limitSettings,
  pricing: pricingSettings,
  features: featureSettings,
  payments: paymentSettings,
  alipay: alipaySettings.extend({ privateKey: masked }),
  wechat: wechatSettings.extend({ privateKey: masked, apiV3Key: masked }),
  stripe: stripeSettings.extend({ secretKey: masked, webhookSecret: masked }),
  updatedAt: z.string().nullable(),
});
export type SettingsView = z.infer<typeof settingsView>;

export const settingsPatchRequest = z
  .object({
    site: siteSettings.partial().strict().optional(),
    limits: limitSettings.partial().strict().optional(),
    pricing: pricingSettings.partial().strict().optional(),
    features: featureSettings.partial().strict().optional(),
    payments: paymentSettings.partial().strict().optional(),
    alipay: alipaySettings.partial().extend({ privateKey: secretInput.optional() }).strict().optional(),
    wechat: wechatSettings
      .partial()
      .extend({
        privateKey: secretInput.optional(),
        apiV3Key: z
          .string()
          .regex(/^[\x21-\x7e]{32}$/, "must be 32 printable ASCII characters")
          .nullable()
          .optional(),
      })
      .strict()
      .optional(),
    stripe: stripeSettings
      .partial()
      .extend({ secretKey: secretInput.optional(), webhookSecret: secretInput.optional() })
      .strict()
      .optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((s) => s && Object.keys(s).length > 0), "nothing to change");
export type SettingsPatchRequest = z.infer<typeof settingsPatchRequest>;

/** GET /api/v1/site, read before login: branding, the announcement, which pages and payment methods are offered. */
export const siteInfo = z.object({
  site_name: z.string(),
  logo_text: z.string(),
  announcement: z.string(),
  midjourney: z.boolean(),
  payment_providers: z.array(paymentProvider),
});
export type SiteInfo = z.infer<typeof siteInfo>;
