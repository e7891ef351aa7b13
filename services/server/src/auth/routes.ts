// POST /api/v1/auth/login: a tenant user trades the tenant's API key plus their password for a JWT.
import { loginRequest, type LoginResponse } from "@waule/shared/account";
import { AppError } from "@waule/shared/errors";
import { Hono } from "hono";
import { findActiveKey } from "../api-keys/api-keys";
import type { ServerDeps } from "../deps";
import { validate } from "../http/validate";
import { recordLogin, verifyTenantUser } from "../users/users";
import { signTenantUserToken } from "./tokens";

export function authRoutes(deps: ServerDeps) {
  return new Hono().post("/login", validate("json", loginRequest), async (c) => {
    const body = c.req.valid("json");
    const found = await findActiveKey(deps.db, body.apiKey);
    // One message for every failure, so the answer does not reveal which part was wrong.
    const user = found ? await verifyTenantUser(deps.db, found.tenant.id, body.username, body.password) : null;
    if (!found || !user) throw new AppError("unauthorized", "invalid API key, username or password");
    const now = deps.clock.now();
    await recordLogin(deps.db, user.id, now);
    const { token, expiresAt } = await signTenantUserToken(deps.config.JWT_SECRET, { tenantId: found.tenant.id, userId: user.id, nowMs: now });
    const answer: LoginResponse = {
      token,
      expiresAt,
      user: { id: user.id, username: user.username, nickname: user.nickname },
      tenant: { id: found.tenant.id, name: found.tenant.name },
    };
    return c.json(answer);
  });
}
