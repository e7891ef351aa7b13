import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { storedSession } from "./stored-session";

type Login = { token: string; expiresAt: string; who: string };
const later = new Date(Date.now() + 3_600_000).toISOString();
const earlier = new Date(Date.now() - 1_000).toISOString();

let saved: Map<string, string>;
beforeEach(() => {
  saved = new Map();
  (globalThis as { localStorage?: unknown }).localStorage = {
    getItem: (key: string) => saved.get(key) ?? null,
    setItem: (key: string, value: string) => void saved.set(key, value),
    removeItem: (key: string) => void saved.delete(key),
  };
});
afterEach(() => {
  delete (globalThis as { localStorage?: unknown }).localStorage;
});

describe("storedSession", () => {
  test("a sign-in survives a reload under its own key, and another key's session is not touched", () => {
    const tenant = storedSession<Login>("t");
    const operator = storedSession<Login>("o");
    tenant.signIn({ token: "jwt-t", expiresAt: later, who: "alice" });
    operator.signIn({ token: "jwt-o", expiresAt: later, who: "admin" });
    expect(storedSession<Login>("t").session()?.who).toBe("alice");
    tenant.signOut();
    expect(tenant.session()).toBeNull();
    expect(saved.has("t")).toBe(false);
    expect(storedSession<Login>("o").session()?.who).toBe("admin");
  });

  test("an expired or unreadable stored session reads as signed out", () => {
    saved.set("t", JSON.stringify({ token: "jwt", expiresAt: earlier, who: "bob" }));
    expect(storedSession<Login>("t").session()).toBeNull();
    saved.set("t", "{not json");
    expect(storedSession<Login>("t").session()).toBeNull();
  });
});
