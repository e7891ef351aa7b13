// Builds the server's Hono app from its dependencies; main.ts serves it, tests call app.request().

import { notFound, onErrorFor } from "@waule/shared/http-errors";
import { Hono } from "hono";
import { adminApiRoutes } from "./admin/routes";
import { type AuthEnv, authenticate } from "./auth/middleware";
import { authRoutes } from "./auth/routes";
import { balanceAlertRoutes } from "./balance-alerts/routes";
import { expiringCreditRoutes } from "./billing/expiring-routes";
import { capabilityRoutes } from "./capabilities/routes";
import { chatRoutes } from "./chat/routes";
import type { ServerDeps } from "./deps";
import { serverBodyLimits } from "./http/body-limit";
import { apiCors, apiSecureHeaders } from "./http/browser-policy";
import { imageRoutes } from "./images/routes";
import { apiRateLimits } from "./limits";
import { createServerMetrics } from "./metrics/server-metrics";
import { midjourneyRoutes } from "./midjourney";
import { modelRoutes } from "./models/routes";
import { apiReferenceRoutes, openApiDocumentRoute } from "./openapi/routes";
import { paymentNotifyRoutes, tenantOrderRoutes } from "./orders";
import { tenantPackageRoutes } from "./packages/routes";
import { redeemRoutes } from "./redemption/routes";
import { siteRoutes } from "./settings";
import { speechRoutes } from "./speech/routes";
import { tenantStatementRoutes } from "./statements/routes";
import { taskRoutes } from "./tasks";
import { passwordRoutes, tenantAdminRoutes } from "./tenant-admin";
import { tenantStorageRoutes } from "./tenant-storage";
import { meRoutes } from "./tenants/routes";
import { usageRoutes } from "./usage/routes";
import { videoRoutes } from "./videos/routes";
import { webhookRoutes } from "./webhooks";

/** `deps` come complete from buildServerDeps (build-deps.ts), with Redis-backed limits and events when REDIS_URL is set. */
export function createServerApp(deps: ServerDeps) {
  const metrics = createServerMetrics(deps);
  const app = new Hono();
  const api = new Hono<AuthEnv>();
  // Before authentication, so a browser's preflight (which carries no credentials) is answered, not refused.
  api.use("*", apiCors(deps.config));
  api.route("/auth", authRoutes(deps));
  // The API's description is public: it is generated from the routes below and holds no tenant data.
  api.route("/openapi.json", openApiDocumentRoute(app));
  // Branding and what is offered, read by the web app before anyone signs in.
  api.route("/site", siteRoutes(deps));
  // Everything below login needs a tenant key or a tenant-user token.
  api.use("*", authenticate(deps));
  // Refused requests stop here, before any route holds credits or records usage.
  api.use("*", apiRateLimits(deps));
  api.route("/me/password", passwordRoutes(deps));
  api.route("/me", meRoutes(deps));
  api.route("/models", modelRoutes(deps));
  api.route("/capabilities", capabilityRoutes(deps));
  api.route("/images", imageRoutes(deps));
  api.route("/chat", chatRoutes(deps));
  api.route("/audio", speechRoutes(deps));
  api.route("/usage", usageRoutes(deps));
  api.route("/videos", videoRoutes(deps));
  api.route("/midjourney", midjourneyRoutes(deps));
  api.route("/tasks", taskRoutes(deps));
  api.route("/webhooks", webhookRoutes(deps));
  api.route("/redeem", redeemRoutes(deps));
  api.route("/tenant/statements", tenantStatementRoutes(deps));
  api.route("/tenant/balance-alert", balanceAlertRoutes(deps));
  api.route("/tenant/storage", tenantStorageRoutes(deps));
  api.route("/tenant", tenantAdminRoutes(deps));
  api.route("/packages", tenantPackageRoutes(deps));
  api.route("/credits/expiring", expiringCreditRoutes(deps));
  api.route("/orders", tenantOrderRoutes(deps));

  app.use("*", metrics.observeRequests);
  app.use("*", apiSecureHeaders());
  // Before authentication and parsing: an oversized body is refused unread.
  app.use("*", serverBodyLimits());
  app.get("/health", (c) => c.json({ ok: true }));
  app.get("/metrics", (c) => metrics.serveMetrics(c));
  app.route("/api/v1", api);
  app.route("/docs", apiReferenceRoutes());
  // Operators: their own login and token type; never reachable with a tenant credential.
  app.route("/admin/api", adminApiRoutes(deps));
  // Payment providers' notifies: no credential but the provider's own signature, checked by its adapter.
  app.route("/payments", paymentNotifyRoutes(deps));
  app.onError(onErrorFor("server"));
  app.notFound(notFound);
  return app;
}

export type ServerApp = ReturnType<typeof createServerApp>;
