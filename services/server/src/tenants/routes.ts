// GET /api/v1/me: the caller's tenant (with its live balance) and, for a logged-in user, who they are.
import type { MeResponse } from "@waule/shared/account";
import { Hono } from "hono";
import type { AuthEnv } from "../auth/middleware";
import type { ServerDeps } from "../deps";

export function meRoutes(_deps: ServerDeps) {
  return new Hono<AuthEnv>().get("/", async (c) => {
    // The tenant row authentication read for this very request (a prepared statement on the database, never a
    // cache): its balance is the one of this moment, so a second read of the same row would tell nothing newer.
    const { tenant, user, via } = c.var.principal;
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
