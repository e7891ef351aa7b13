// POST /admin/api/auth/login (operator name + password → 12-hour admin JWT), limited like tenant logins.
import { type AdminLoginResponse, adminLoginRequest } from "@waule/shared/admin";
import { AppError } from "@waule/shared/errors";
import { Hono } from "hono";
import { loginAttempts } from "../auth/login-limiter";
import type { ServerDeps } from "../deps";
import { validate } from "../http/validate";
import { recordAdminLogin, verifyAdmin } from "./admins";
import { signAdminToken } from "./tokens";

export function adminAuthRoutes(deps: ServerDeps) {
  const beginAttempt = loginAttempts(deps);
  return new Hono().post("/login", validate("json", adminLoginRequest), async (c) => {
    const body = c.req.valid("json");
    // `admin:` keeps operator accounts apart from tenant accounts of the same name in the failure counters.
    const attempt = await beginAttempt(c, `admin:${body.username.toLowerCase()}`);
    const admin = await verifyAdmin(deps.db, body.username, body.password);
    if (!admin) throw new AppError("unauthorized", "invalid username or password");
    await attempt.succeeded();
    const now = deps.clock.now();
    await recordAdminLogin(deps.db, admin.id, now);
    const { token, expiresAt } = await signAdminToken(deps.config.JWT_SECRET, {
      adminId: admin.id,
      tokenVersion: admin.tokenVersion,
      nowMs: now,
    });
    const answer: AdminLoginResponse = {
      token,
      expiresAt,
      admin: { id: admin.id, username: admin.username, role: admin.role },
    };
    return c.json(answer);
  });
}
