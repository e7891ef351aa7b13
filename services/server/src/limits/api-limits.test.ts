import { expect, test } from "bun:test";
import { onErrorFor } from "@waule/shared/http-errors";
import { Hono } from "hono";
import type { AuthEnv, Principal } from "../auth/middleware";
import type { ServerConfig } from "../config";
import { apiRateLimits } from "./api-limits";
import { createLimits } from "./index";
import { TaskSlotsFullError } from "./task-slots";

function appWith(
  limits: { TENANT_RPM: number; KEY_RPM: number },
  route: () => Response | Promise<Response> = () => new Response("ok"),
) {
  const deps = { limits: createLimits({ clock: { now: () => 30_000 } }), config: limits as ServerConfig };
  let handled = 0;
  const app = new Hono<AuthEnv>()
    .use(async (c, next) => {
      // Stands in for authenticate(): a tenant and, for API-key calls, the key id.
      const key = c.req.header("x-key") ?? null;
      c.set("principal", {
        tenant: { id: c.req.header("x-tenant") ?? "t1" },
        user: null,
        via: key ? "api_key" : "tenant_user",
        apiKeyId: key,
      } as Principal);
      await next();
    })
    .use(apiRateLimits(deps))
    .get("/", () => {
      handled++;
      return route();
    });
  app.onError(onErrorFor("server"));
  return { app, handled: () => handled };
}

test("a route refused for concurrent tasks answers 429 JSON with a Retry-After hint", async () => {
  const { app } = appWith({ TENANT_RPM: 10, KEY_RPM: 10 }, () => {
    throw new TaskSlotsFullError(5);
  });
  const res = await app.request("/", { headers: { "x-key": "k1" } });
  expect(res.status).toBe(429);
  expect(res.headers.get("retry-after")).toBe("10");
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
});

test("tenant-user sessions have no key and count against the tenant only", async () => {
  const { app, handled } = appWith({ TENANT_RPM: 2, KEY_RPM: 1 });
  expect((await app.request("/")).headers.get("x-ratelimit-remaining")).toBe("1");
  expect((await app.request("/")).status).toBe(200);
  const refused = await app.request("/");
  expect([refused.status, refused.headers.get("retry-after")]).toEqual([429, "30"]);
  expect(handled()).toBe(2);
});

test("0 turns a limit off: no headers, never refused", async () => {
  const { app, handled } = appWith({ TENANT_RPM: 0, KEY_RPM: 0 });
  for (let i = 0; i < 50; i++) {
    const res = await app.request("/", { headers: { "x-key": "k1" } });
    expect([res.status, res.headers.get("x-ratelimit-limit")]).toEqual([200, null]);
  }
  expect(handled()).toBe(50);
});
