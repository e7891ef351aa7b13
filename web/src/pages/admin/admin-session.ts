// The operator's session (admin JWT), kept apart from the tenant session so the two never mix in one browser.

import type { AdminLoginResponse } from "@waule/shared/admin";
import { createRoot, createSignal } from "solid-js";

const STORAGE_KEY = "waule.admin-session";

function readStored(): AdminLoginResponse | null {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (!raw) return null;
    const stored = JSON.parse(raw) as AdminLoginResponse;
    return typeof stored.token === "string" && Date.parse(stored.expiresAt) > Date.now() ? stored : null;
  } catch {
    return null;
  }
}

const state = createRoot(() => {
  const [session, setSession] = createSignal<AdminLoginResponse | null>(readStored());
  return { session, setSession };
});

export const adminSession = state.session;

export function adminSignIn(next: AdminLoginResponse): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(next));
  state.setSession(next);
}

export function adminSignOut(): void {
  globalThis.localStorage?.removeItem(STORAGE_KEY);
  state.setSession(null);
}
