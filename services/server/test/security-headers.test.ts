// Browser-facing policy: security headers on every answer, CORS preflight and answers only for configured origins.
import { afterEach, describe, expect, test } from "bun:test";
import { type Stack, startStack } from "./support/stack";

const stacks: Stack[] = [];
afterEach(async () => {
  for (const s of stacks.splice(0)) await s.stop();
});
async function stackWith(env: Record<string, string> = {}) {
  const stack = await startStack({ serverEnv: env });
  stacks.push(stack);
  return stack;
}
const preflight = (stack: Stack, origin: string) =>
  stack.app.request("/api/v1/images/generations", {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization,content-type,idempotency-key",
    },
  });

describe("security headers", () => {
  test("API answers, errors included, carry nosniff, frame and referrer limits and no X-Powered-By", async () => {
    const stack = await stackWith();
    const { apiKey } = await stack.createTenant(10);
    for (const res of [
      await stack.app.request("/api/v1/me", { headers: { "x-api-key": apiKey } }),
      await stack.app.request("/api/v1/me"),
      await stack.app.request("/nowhere"),
    ]) {
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("strict-transport-security")).toContain("max-age=");
      expect(res.headers.get("x-powered-by")).toBeNull();
    }
  });
});

describe("CORS on /api/v1", () => {
  test("development allows any origin: the preflight succeeds without credentials and names the headers a client sends", async () => {
    const stack = await stackWith();
    const res = await preflight(stack, "https://app.example.com");
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("idempotency-key");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    const answer = await stack.app.request("/api/v1/me", { headers: { origin: "https://app.example.com" } });
    expect(answer.status).toBe(401);
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    expect(answer.headers.get("access-control-expose-headers")).toContain("Retry-After");
  });

  test("configured origins: a listed origin is echoed back, any other gets no CORS grant", async () => {
    const stack = await stackWith({ CORS_ORIGINS: "https://app.example.com, https://studio.example.com/" });
    const ok = await preflight(stack, "https://studio.example.com");
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://studio.example.com");
    expect(ok.headers.get("vary")).toContain("Origin");
    const other = await preflight(stack, "https://evil.example.net");
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const { apiKey } = await stack.createTenant(10);
    const answer = await stack.app.request("/api/v1/me", {
      headers: { origin: "https://evil.example.net", "x-api-key": apiKey },
    });
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("production with no CORS_ORIGINS grants no origin", async () => {
    const stack = await stackWith({ NODE_ENV: "production", GATEWAY_URL: "https://gateway.test" });
    const res = await preflight(stack, "https://app.example.com");
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });
});
