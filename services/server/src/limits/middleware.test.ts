import { expect, test } from "bun:test";
import { Hono } from "hono";
import { createMemoryRateLimiter } from "./memory";
import { rateLimit } from "./middleware";

test("answers 429 JSON with Retry-After once the key's minute is spent, and counts per key", async () => {
  const clock = { now: () => Date.UTC(2026, 0, 1, 0, 0, 45) };
  let handled = 0;
  const app = new Hono()
    .use(
      rateLimit({
        limiter: createMemoryRateLimiter(clock),
        key: (c) => c.req.header("x-tenant") ?? null,
        limitPerMinute: 2,
      }),
    )
    .get("/", (c) => {
      handled++;
      return c.json({ ok: true });
    });
  const call = (tenant?: string) => app.request("/", { headers: tenant ? { "x-tenant": tenant } : {} });

  expect((await call("a")).headers.get("x-ratelimit-remaining")).toBe("1");
  expect((await call("a")).status).toBe(200);
  const refused = await call("a");
  expect(refused.status).toBe(429);
  expect(refused.headers.get("retry-after")).toBe("15");
  expect(await refused.json()).toEqual({
    error: { code: "rate_limited", message: expect.stringContaining("2 requests per minute") },
  });
  expect((await call("b")).status).toBe(200);
  for (let i = 0; i < 3; i++) expect((await call()).status).toBe(200);
  expect(handled).toBe(2 + 1 + 3);
});

test("takes the limit per request, so each tenant can have its own", async () => {
  const app = new Hono()
    .use(
      rateLimit({
        limiter: createMemoryRateLimiter({ now: () => 0 }),
        key: () => "k",
        limitPerMinute: async (c) => Number(c.req.query("limit")),
      }),
    )
    .get("/", (c) => c.text("ok"));
  expect((await app.request("/?limit=1")).status).toBe(200);
  expect((await app.request("/?limit=1")).status).toBe(429);
  expect((await app.request("/?limit=5")).headers.get("x-ratelimit-remaining")).toBe("2");
});
