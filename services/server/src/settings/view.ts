// How settings leave the server: to operators with every secret masked, to everyone else as the public site info.
import type { SettingsView, SiteInfo } from "@waule/shared/settings";
import type { PlatformSettings } from "./defaults";

/** Says only whether a secret is set: no part of it is shown, so the answer never needs unsealing it. */
function mask(sealed: string | null): string | null {
  return sealed === null ? null : "********";
}

export function toSettingsView(s: PlatformSettings & { updatedAt: number | null }): SettingsView {
  return {
    site: s.site,
    limits: s.limits,
    pricing: s.pricing,
    features: s.features,
    payments: s.payments,
    alipay: { ...s.alipay, privateKey: mask(s.alipay.privateKey) },
    wechat: { ...s.wechat, privateKey: mask(s.wechat.privateKey), apiV3Key: mask(s.wechat.apiV3Key) },
    stripe: { ...s.stripe, secretKey: mask(s.stripe.secretKey), webhookSecret: mask(s.stripe.webhookSecret) },
    updatedAt: s.updatedAt === null ? null : new Date(s.updatedAt).toISOString(),
  };
}

export function toSiteInfo(s: PlatformSettings): SiteInfo {
  const providers = (["alipay", "wechat", "stripe"] as const).filter((p) => s[p].enabled);
  return {
    site_name: s.site.name,
    logo_text: s.site.logoText,
    announcement: s.site.announcement,
    midjourney: s.features.midjourney,
    payment_providers: providers,
  };
}
