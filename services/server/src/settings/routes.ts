// /admin/api/settings (operators read masked, patch and audit) and /api/v1/site (public: branding and what is offered).
import { settingsPatchRequest } from "@waule/shared/settings";
import { Hono } from "hono";
import type { AdminEnv } from "../admin/middleware";
import type { ServerDeps } from "../deps";
import { validate } from "../http/validate";
import { updateSettings } from "./update";
import { toSettingsView, toSiteInfo } from "./view";

export function adminSettingsRoutes(deps: Pick<ServerDeps, "db" | "clock" | "config" | "settings">) {
  return new Hono<AdminEnv>()
    .get("/", async (c) => c.json(toSettingsView(await deps.settings.get())))
    .patch("/", validate("json", settingsPatchRequest), async (c) => {
      await updateSettings(
        { db: deps.db, now: deps.clock.now(), encryptionKey: deps.config.CONFIG_ENCRYPTION_KEY, store: deps.settings },
        c.var.admin,
        c.req.valid("json"),
      );
      return c.json(toSettingsView(await deps.settings.get()));
    });
}

export function siteRoutes(deps: Pick<ServerDeps, "settings">) {
  return new Hono().get("/", async (c) => c.json(toSiteInfo(await deps.settings.get())));
}
