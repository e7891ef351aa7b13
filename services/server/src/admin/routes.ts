// /admin/api: operator login, then everything else behind an admin-type token.

import { adminTaskQuery, auditQuery, usageSummaryQuery } from "@waule/shared/admin";
import { usageSeriesQuery } from "@waule/shared/usage-series";
import { Hono } from "hono";
import { adminCapabilityRoutes } from "../capabilities/routes";
import type { ServerDeps } from "../deps";
import { validate } from "../http/validate";
import { adminNotifyRoutes, adminOrderRoutes } from "../orders";
import { adminPackageRoutes } from "../packages/routes";
import { adminPriceGroupRoutes, adminTenantPriceGroupRoutes } from "../price-groups/routes";
import { adminRedemptionRoutes } from "../redemption/routes";
import { adminSettingsRoutes } from "../settings";
import { adminStatementRoutes } from "../statements/routes";
import { usageSeriesOf } from "../usage/series";
import { adminAccountRoutes } from "./accounts-routes";
import { listAudit } from "./audit";
import { adminAuthRoutes } from "./auth-routes";
import { adminModelRoutes } from "./catalogue-routes";
import { type AdminEnv, requireAdmin } from "./middleware";
import { dashboard, listAllTasks, usageSummary } from "./reports";
import { adminTenantAccessRoutes } from "./tenant-access-routes";
import { adminTenantRoutes } from "./tenant-routes";

export function adminApiRoutes(deps: ServerDeps) {
  const api = new Hono<AdminEnv>();
  api.route("/auth", adminAuthRoutes(deps));
  api.use("*", requireAdmin(deps));
  api.get("/me", (c) => c.json({ id: c.var.admin.id, username: c.var.admin.username, role: c.var.admin.role }));
  api.get("/dashboard", async (c) => c.json(await dashboard(deps.db, deps.clock.now())));
  api.route("/admins", adminAccountRoutes(deps));
  api.route("/tenants", adminTenantRoutes(deps));
  api.route("/tenants", adminTenantAccessRoutes(deps));
  api.route("/tenants", adminTenantPriceGroupRoutes(deps));
  api.route("/price-groups", adminPriceGroupRoutes(deps));
  api.route("/tenants/:id/statements", adminStatementRoutes(deps));
  api.route("/models", adminModelRoutes(deps));
  api.route("/capabilities", adminCapabilityRoutes(deps));
  api.route("/packages", adminPackageRoutes(deps));
  api.route("/orders", adminOrderRoutes(deps));
  api.route("/payment-notifies", adminNotifyRoutes(deps));
  api.route("/settings", adminSettingsRoutes(deps));
  api.route("/redemption-codes", adminRedemptionRoutes(deps));
  api.get("/usage", validate("query", usageSummaryQuery), async (c) =>
    c.json(await usageSummary(deps.db, c.req.valid("query"))),
  );
  api.get("/usage/series", validate("query", usageSeriesQuery), async (c) =>
    c.json(await usageSeriesOf(deps.db, deps.clock.now(), c.req.valid("query"))),
  );
  api.get("/tasks", validate("query", adminTaskQuery), async (c) =>
    c.json(await listAllTasks(deps.db, c.req.valid("query"))),
  );
  api.get("/audit", validate("query", auditQuery), async (c) => c.json(await listAudit(deps.db, c.req.valid("query"))));
  return api;
}
