// GET /api/v1/capabilities: which kinds of work this tenant is offered now, and why not where not, so the web app
// hides or disables what is not set up instead of letting a tenant meet an operator's set-up error.
// GET /admin/api/capabilities: the same for the whole platform (any enabled model), for the operator's set-up hints.
import { models } from "@waule/db/server";
import type { CapabilityList } from "@waule/shared/capabilities";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import type { AdminEnv } from "../admin/middleware";
import type { AuthEnv } from "../auth/middleware";
import type { ServerDeps } from "../deps";
import { listEnabledModels } from "../models/catalogue";
import { capabilityStatuses } from "./status";

export function capabilityRoutes(deps: ServerDeps) {
  return new Hono<AuthEnv>().get("/", async (c) => {
    const enabled = await listEnabledModels(deps.db, c.var.principal.tenant.id);
    const data = await capabilityStatuses(deps, new Set(enabled.map((m) => m.capability)));
    return c.json({ data } satisfies CapabilityList);
  });
}

export function adminCapabilityRoutes(deps: ServerDeps) {
  return new Hono<AdminEnv>().get("/", async (c) => {
    const enabled = await deps.db
      .selectDistinct({ capability: models.capability })
      .from(models)
      .where(eq(models.enabled, true));
    const data = await capabilityStatuses(deps, new Set(enabled.map((m) => m.capability)));
    return c.json({ data } satisfies CapabilityList);
  });
}
