// The signed-in session (JWT + who it belongs to), kept in localStorage so a reload stays signed in.

import type { LoginResponse } from "@waule/shared/account";
import { createRoot, createSignal } from "solid-js";

const STORAGE_KEY = "waule.session";

export type Session = Pick<LoginResponse, "token" | "expiresAt" | "user" | "tenant">;

function readStored(): Session | null {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    // An expired token would only earn a 401 on the first call; drop it up front.
    return typeof session.token === "string" && Date.parse(session.expiresAt) > Date.now() ? session : null;
  } catch {
    return null;
  }
}

const state = createRoot(() => {
  const [session, setSession] = createSignal<Session | null>(readStored());
  return { session, setSession };
});

export const session = state.session;

export function signIn(next: Session): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(next));
  state.setSession(next);
}

export function signOut(): void {
  globalThis.localStorage?.removeItem(STORAGE_KEY);
  state.setSession(null);
}
