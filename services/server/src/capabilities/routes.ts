// GET /api/v1/capabilities: which kinds of work this tenant is offered now, and why not where not, so the web app
// hides or disables what is not set up instead of letting a tenant meet an operator's set-up error.
import type { CapabilityList, CapabilityStatus } from "@waule/shared/capabilities";
import { modelCapability } from "@waule/shared/models";
import { Hono } from "hono";
import type { AuthEnv } from "../auth/middleware";
import type { ServerDeps } from "../deps";
import { listEnabledModels } from "../models/catalogue";

export function capabilityRoutes(deps: ServerDeps) {
  return new Hono<AuthEnv>().get("/", async (c) => {
    const models = await listEnabledModels(deps.db, c.var.principal.tenant.id);
    const withModels = new Set(models.map((m) => m.capability));
    // An unreachable gateway counts as "not set up": offering Midjourney then would only end in a refund.
    const gateway = withModels.has("midjourney")
      ? await deps.gateway.capabilities().catch(() => ({ midjourney: false }))
      : { midjourney: false };
    const data = modelCapability.options.map((capability): CapabilityStatus => {
      if (!withModels.has(capability)) return { capability, available: false, reason: "no_models" };
      if (capability === "midjourney" && !gateway.midjourney)
        return { capability, available: false, reason: "not_configured" };
      return { capability, available: true };
    });
    return c.json({ data } satisfies CapabilityList);
  });
}
