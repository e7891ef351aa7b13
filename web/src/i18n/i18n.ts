// The current language as a Solid signal, remembered in localStorage; zh-CN unless the user picked otherwise.
import { createRoot, createSignal } from "solid-js";
import { defaultLocale, isLocale, type Locale, translate } from "./translate";
import type { MessageKey } from "./zh-CN";

const STORAGE_KEY = "waule.locale";

function initialLocale(): Locale {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  return isLocale(stored) ? stored : defaultLocale;
}

// createRoot owns the signal for the page's lifetime; it is UI state, not a live client.
const state = createRoot(() => {
  const [locale, setLocaleSignal] = createSignal<Locale>(initialLocale());
  return { locale, setLocaleSignal };
});

export const locale = state.locale;

export function setLocale(next: Locale): void {
  state.setLocaleSignal(next);
  globalThis.localStorage?.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(state.locale(), key, params);
}
