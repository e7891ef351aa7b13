// Builds the server's Hono app from its dependencies; main.ts serves it, tests call app.request().
import { Hono } from "hono";
import { authenticate, type AuthEnv } from "./auth/middleware";
import { authRoutes } from "./auth/routes";
import type { ServerDeps } from "./deps";
import { notFound, onError } from "./http/errors";
import { imageRoutes } from "./images/routes";
import { modelRoutes } from "./models/routes";
import { meRoutes } from "./tenants/routes";
import { usageRoutes } from "./usage/routes";

export function createServerApp(deps: ServerDeps) {
  const api = new Hono<AuthEnv>();
  api.route("/auth", authRoutes(deps));
  // Everything below login needs a tenant key or a tenant-user token.
  api.use("*", authenticate(deps));
  api.route("/me", meRoutes(deps));
  api.route("/models", modelRoutes(deps));
  api.route("/images", imageRoutes(deps));
  api.route("/usage", usageRoutes(deps));

  const app = new Hono();
  app.get("/health", (c) => c.json({ ok: true }));
  app.route("/api/v1", api);
  app.onError(onError);
  app.notFound(notFound);
  return app;
}

export type ServerApp = ReturnType<typeof createServerApp>;
