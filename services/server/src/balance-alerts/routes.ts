// GET/PUT /api/v1/tenant/balance-alert: every caller reads it (the web app's banner); only managers change it.
import { balanceAlertRequest } from "@waule/shared/balance-alerts";
import { Hono } from "hono";
import type { AuthEnv } from "../auth/middleware";
import type { ServerDeps } from "../deps";
import { validate } from "../http/validate";
import { requireTenantManager } from "../tenant-admin/guard";
import { getTenant } from "../tenants/tenants";
import { balanceAlertOf, setBalanceAlert } from "./settings";

export function balanceAlertRoutes(deps: Pick<ServerDeps, "db" | "clock">) {
  return new Hono<AuthEnv>()
    .get("/", async (c) => c.json(balanceAlertOf(await getTenant(deps.db, c.var.principal.tenant.id))))
    .put("/", requireTenantManager, validate("json", balanceAlertRequest), async (c) =>
      c.json(
        await setBalanceAlert({ db: deps.db, now: deps.clock.now() }, c.var.principal.tenant.id, c.req.valid("json")),
      ),
    );
}
