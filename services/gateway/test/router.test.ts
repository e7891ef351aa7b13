// Every route of the gateway app compiles into Hono's RegExpRouter. One route it cannot take (a static segment beside
// a parameter at the same place, e.g. /provider-keys/providers next to /provider-keys/:id) silently sends every
// request, each internal call included, through the slower trie router instead.
import { afterEach, expect, test } from "bun:test";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { startTestGateway, type TestGateway } from "./support/gateway";

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.stop();
  gw = undefined;
});

test("the gateway's routes build one RegExpRouter", async () => {
  gw = await startTestGateway();
  const router = new RegExpRouter<number>();
  const routes = gw.app.routes;
  expect(routes.length).toBeGreaterThan(50);
  // An unsupported route throws when it is added or, at the latest, when the first match compiles the matchers.
  expect(() => {
    for (const [i, route] of routes.entries()) router.add(route.method, route.path, i);
    router.match("POST", "/internal/v1/chat/completions");
  }).not.toThrow();
  expect(router.match("GET", "/api/providers")[0].length).toBeGreaterThan(0);
});
