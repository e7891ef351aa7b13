// POST /api/v1/auth/login: a tenant user trades the tenant's API key plus their password for a JWT.
import { type LoginResponse, loginRequest } from "@waule/shared/account";
import { AppError } from "@waule/shared/errors";
import { Hono } from "hono";
import { findActiveKey } from "../api-keys/api-keys";
import type { ServerDeps } from "../deps";
import { validate } from "../http/validate";
import { recordLogin, verifyTenantUser } from "../users/users";
import { loginAttempts } from "./login-limiter";
import { signTenantUserToken } from "./tokens";

/** The visible part of a tenant key (`wk_live_` + 4): enough to tell accounts apart, never the secret itself. */
const KEY_PREFIX_CHARS = "wk_live_".length + 4;

export function authRoutes(deps: ServerDeps) {
  const beginAttempt = loginAttempts(deps);
  return new Hono().post("/login", validate("json", loginRequest), async (c) => {
    const body = c.req.valid("json");
    const attempt = await beginAttempt(c, `${body.apiKey.slice(0, KEY_PREFIX_CHARS)}:${body.username.toLowerCase()}`);
    const found = await findActiveKey(deps.db, body.apiKey);
    // One message for every failure, so the answer does not reveal which part was wrong.
    const user = found ? await verifyTenantUser(deps.db, found.tenant.id, body.username, body.password) : null;
    if (!found || !user) throw new AppError("unauthorized", "invalid API key, username or password");
    await attempt.succeeded();
    const now = deps.clock.now();
    await recordLogin(deps.db, user.id, now);
    const { token, expiresAt } = await signTenantUserToken(deps.config.JWT_SECRET, {
      tenantId: found.tenant.id,
      userId: user.id,
      tokenVersion: user.tokenVersion,
      nowMs: now,
    });
    const answer: LoginResponse = {
      token,
      expiresAt,
      user: { id: user.id, username: user.username, nickname: user.nickname },
      tenant: { id: found.tenant.id, name: found.tenant.name },
    };
    return c.json(answer);
  });
}
