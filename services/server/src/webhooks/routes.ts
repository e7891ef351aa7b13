// GET/PUT /api/v1/webhooks: the tenant-wide webhook URL and its signing secret (shown once); GET /webhooks/deliveries: the attempts.
import { webhookDeliveryQuery, webhookSettingsRequest } from "@waule/shared/tasks";
import { Hono } from "hono";
import type { AuthEnv } from "../auth/middleware";
import type { ServerDeps } from "../deps";
import { validate } from "../http/validate";
import { requireTenantManager } from "../tenant-admin/guard";
import { getTenant } from "../tenants/tenants";
import { listDeliveries } from "./attempts";
import { updateWebhookSettings, webhookSettingsOf } from "./settings";
import { assertWebhookUrl } from "./url-policy";

export function webhookRoutes(deps: ServerDeps) {
  return (
    new Hono<AuthEnv>()
      // Where the tenant's events go is the tenant's business: the same managers as its users and keys.
      .use("*", requireTenantManager)
      .get("/deliveries", validate("query", webhookDeliveryQuery), async (c) =>
        c.json(await listDeliveries(deps.db, c.var.principal.tenant.id, c.req.valid("query"))),
      )
      .get("/", async (c) => c.json(webhookSettingsOf(await getTenant(deps.db, c.var.principal.tenant.id))))
      .put("/", validate("json", webhookSettingsRequest), async (c) => {
        const body = c.req.valid("json");
        if (body.url) assertWebhookUrl(body.url, deps.config, "url");
        const tenant = await getTenant(deps.db, c.var.principal.tenant.id);
        const ctx = { db: deps.db, now: deps.clock.now(), encryptionKey: deps.config.CONFIG_ENCRYPTION_KEY };
        return c.json(await updateWebhookSettings(ctx, tenant, body));
      })
  );
}
