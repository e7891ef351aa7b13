// A signed-in session (a JWT and who it belongs to) kept in localStorage under one key, so a reload stays signed in.
// The tenant app and the operator console each keep their own, under their own key, so the two never mix.
import { type Accessor, createRoot, createSignal } from "solid-js";

export type StoredSession<T> = {
  session: Accessor<T | null>;
  signIn(next: T): void;
  signOut(): void;
};

export function storedSession<T extends { token: string; expiresAt: string }>(storageKey: string): StoredSession<T> {
  function readStored(): T | null {
    try {
      const raw = globalThis.localStorage?.getItem(storageKey);
      if (!raw) return null;
      const stored = JSON.parse(raw) as T;
      // An expired token would only earn a 401 on the first call; drop it up front.
      return typeof stored.token === "string" && Date.parse(stored.expiresAt) > Date.now() ? stored : null;
    } catch {
      return null;
    }
  }
  const [session, setSession] = createRoot(() => createSignal<T | null>(readStored()));
  return {
    session,
    signIn(next) {
      globalThis.localStorage?.setItem(storageKey, JSON.stringify(next));
      setSession(() => next);
    },
    signOut() {
      globalThis.localStorage?.removeItem(storageKey);
      setSession(null);
    },
  };
}
