// The gateway management API (mount at /api): provider keys, platform OSS, Discord accounts, sora proxy, usage.

import { notFound, onErrorFor } from "@waule/shared/http-errors";
import { Hono } from "hono";
import { adminAuth } from "./admin-auth";
import type { ManagementDeps } from "./deps";
import { discordAccountRoutes } from "./discord-accounts";
import { platformOssRoutes } from "./platform-oss";
import { providerKeyRoutes } from "./provider-keys";
import { soraProxyRoutes } from "./sora-proxy";
import { usageRoutes } from "./usage";

export function createManagementApp(deps: ManagementDeps) {
  const app = new Hono();
  app.onError(onErrorFor("gateway"));
  app.notFound(notFound);
  app.use("*", async (c, next) => {
    await next();
    // Answers can name keys and settings: keep them out of shared caches.
    c.header("Cache-Control", "no-store");
  });
  app.use("*", adminAuth(deps.config.adminToken));
  // The providers that take pool keys, for the admin page's provider select. Not under /provider-keys: a static
  // segment beside /provider-keys/:id is a route Hono's RegExpRouter cannot compile, and the whole gateway (every
  // internal call included) would fall back to the slower trie router.
  app.get("/providers", (c) => c.json({ data: deps.providers ?? [] }));
  app.route("/provider-keys", providerKeyRoutes(deps));
  app.route("/platform-oss", platformOssRoutes(deps));
  app.route("/discord-accounts", discordAccountRoutes(deps));
  app.route("/sora-proxy", soraProxyRoutes(deps));
  app.route("/usage", usageRoutes(deps));
  return app;
}
