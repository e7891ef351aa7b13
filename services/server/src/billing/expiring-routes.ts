// /api/v1/credits/expiring: the caller's tenant's credits that will expire, soonest first.
import type { ExpiringCreditList } from "@waule/shared/credit-grants";
import { Hono } from "hono";
import type { AuthEnv } from "../auth/middleware";
import type { ServerDeps } from "../deps";
import { listExpiringCredits } from "./credit-grants";

export function expiringCreditRoutes(deps: Pick<ServerDeps, "db">) {
  return new Hono<AuthEnv>().get("/", async (c) => {
    const grants = await listExpiringCredits(deps.db, c.var.principal.tenant.id);
    const body: ExpiringCreditList = {
      data: grants.map((g) => ({
        id: g.id,
        source: g.source,
        credits: g.credits,
        remaining: g.remaining,
        expires_at: g.expiresAt.toISOString(),
      })),
    };
    return c.json(body);
  });
}
