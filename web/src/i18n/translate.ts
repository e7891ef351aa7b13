// Pure lookup + interpolation, kept apart from the Solid signal so it can be unit-tested without a DOM.
import { en, enSingular } from "./en";
import { type MessageKey, type Messages, zhCN } from "./zh-CN";

export const locales = { "zh-CN": zhCN, en } satisfies Record<string, Messages>;
export type Locale = keyof typeof locales;
export const defaultLocale: Locale = "zh-CN";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && value in locales;
}

/** Replaces `{name}` placeholders; an unknown placeholder stays visible rather than silently vanishing. */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const count = params?.credits ?? params?.n;
  // Chinese has no plural; English says "1 credit".
  const singular = locale === "en" && Number(count) === 1 ? enSingular[key] : undefined;
  const template: string = singular ?? locales[locale][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
