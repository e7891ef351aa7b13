// GET /api/v1/me: the caller's tenant (with its live balance) and, for a logged-in user, who they are.
import type { MeResponse } from "@waule/shared/account";
import { Hono } from "hono";
import type { AuthEnv } from "../auth/middleware";
import type { ServerDeps } from "../deps";
import { getTenant } from "./tenants";

export function meRoutes(deps: ServerDeps) {
  return new Hono<AuthEnv>().get("/", async (c) => {
    const { tenant: authTenant, user, via } = c.var.principal;
    // Re-read so the balance is current, not the one seen when the request was authenticated.
    const tenant = await getTenant(deps.db, authTenant.id);
    const answer: MeResponse = {
      tenant: {
        id: tenant.id,
        name: tenant.name,
        credits: tenant.credits,
        lowBalanceThreshold: tenant.lowBalanceThreshold,
      },
      user: user ? { id: user.id, username: user.username, nickname: user.nickname } : null,
      auth: via,
    };
    return c.json(answer);
  });
}
