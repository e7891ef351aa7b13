// The tenant API key the login form remembers on this device (only when the user ticks the box), so signing in again
// needs only a username and password. The key signs nothing by itself without a user's password on this form.
const STORAGE_KEY = "waule.login.apiKey";

export function rememberedApiKey(): string {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? "";
  } catch {
    return "";
  }
}

export function rememberApiKey(apiKey: string | null): void {
  if (apiKey) globalThis.localStorage?.setItem(STORAGE_KEY, apiKey);
  else globalThis.localStorage?.removeItem(STORAGE_KEY);
}
