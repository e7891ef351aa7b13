// /api/v1/tenant (info, users, keys, ledger) and /api/v1/me/password: a tenant's self-service.

import { createApiKeyRequest } from "@waule/shared/api-keys";
import { AppError } from "@waule/shared/errors";
import { keyLimitsRequest, memberCapsRequest } from "@waule/shared/key-limits";
import { ledgerCallQuery, ledgerQuery } from "@waule/shared/ledger";
import { type ChangePasswordResponse, changePasswordRequest, type TenantInfo } from "@waule/shared/tenant-admin";
import { createTenantUserRequest, updateTenantUserRequest } from "@waule/shared/tenant-users";
import { usageSeriesQuery } from "@waule/shared/usage-series";
import { Hono } from "hono";
import { setKeyLimits } from "../api-keys/key-policy";
import type { AuthEnv } from "../auth/middleware";
import { signTenantUserToken } from "../auth/tokens";
import { listLedgerCalls } from "../billing/ledger-calls";
import { listLedger } from "../billing/ledger-page";
import type { ServerDeps } from "../deps";
import { validate } from "../http/validate";
import { getTenant } from "../tenants/tenants";
import { usageSeriesOf } from "../usage/series";
import { setMemberCaps } from "../users/caps";
import { changeOwnPassword, changeTenantUser, insertTenantUser, seatsOf } from "../users/seats";
import { listTenantUsers, toTenantUserView } from "../users/users";
import { canManageTenant, requireTenantManager } from "./guard";
import { createTenantKey, listTenantKeys, revokeTenantKey, rotateTenantKey } from "./keys";

type Deps = Pick<ServerDeps, "db" | "clock" | "ids">;

function userRoutes(deps: Deps) {
  return new Hono<AuthEnv>()
    .use("*", requireTenantManager)
    .get("/", async (c) => c.json(await listTenantUsers(deps.db, c.var.principal.tenant.id)))
    .post("/", validate("json", createTenantUserRequest), async (c) =>
      c.json(toTenantUserView(await insertTenantUser(deps, c.var.principal.tenant.id, c.req.valid("json"))), 201),
    )
    .patch("/:id", validate("json", updateTenantUserRequest), async (c) =>
      c.json(
        toTenantUserView(
          await changeTenantUser(deps, c.var.principal.tenant.id, c.req.param("id"), c.req.valid("json")),
        ),
      ),
    )
    .patch("/:id/caps", validate("json", memberCapsRequest), async (c) =>
      c.json(
        toTenantUserView(
          await setMemberCaps(deps.db, c.var.principal.tenant.id, c.req.param("id"), c.req.valid("json")),
        ),
      ),
    );
}

function keyRoutes(deps: Deps) {
  return new Hono<AuthEnv>()
    .use("*", requireTenantManager)
    .get("/", async (c) => c.json({ data: await listTenantKeys(deps.db, c.var.principal.tenant.id) }))
    .post("/", validate("json", createApiKeyRequest), async (c) =>
      c.json(await createTenantKey(deps, c.var.principal.tenant.id, c.req.valid("json").name), 201),
    )
    .post("/:id/revoke", async (c) => c.json(await revokeTenantKey(deps, c.var.principal.tenant.id, c.req.param("id"))))
    .post("/:id/rotate", async (c) =>
      c.json(await rotateTenantKey(deps, c.var.principal.tenant.id, c.req.param("id")), 201),
    )
    .patch("/:id/limits", validate("json", keyLimitsRequest), async (c) =>
      c.json(await setKeyLimits(deps.db, c.var.principal.tenant.id, c.req.param("id"), c.req.valid("json"))),
    );
}

function ledgerRoutes(deps: Deps) {
  return new Hono<AuthEnv>()
    .use("*", requireTenantManager)
    .get("/", validate("query", ledgerQuery), async (c) =>
      c.json(await listLedger(deps.db, c.var.principal.tenant.id, c.req.valid("query"))),
    )
    .get("/calls", validate("query", ledgerCallQuery), async (c) =>
      c.json(await listLedgerCalls(deps.db, c.var.principal.tenant.id, c.req.valid("query"))),
    );
}

/** Mounted at /tenant. GET / is open to every caller of the tenant: the web app reads `caller.canManage` to show or hide the admin area. */
export function tenantAdminRoutes(deps: Deps) {
  return (
    new Hono<AuthEnv>()
      .get("/", async (c) => {
        const principal = c.var.principal;
        // Re-read so the balance is current, not the one seen when the request was authenticated.
        const tenant = await getTenant(deps.db, principal.tenant.id);
        const answer: TenantInfo = {
          id: tenant.id,
          name: tenant.name,
          credits: tenant.credits,
          seats: await seatsOf(deps.db, tenant.id),
          caller: { via: principal.via, role: principal.user?.role ?? null, canManage: canManageTenant(principal) },
        };
        return c.json(answer);
      })
      .route("/users", userRoutes(deps))
      .route("/keys", keyRoutes(deps))
      .route("/ledger", ledgerRoutes(deps))
      // The team page's usage charts: its own tenant only, whatever tenantId the query names.
      .get("/usage/series", requireTenantManager, validate("query", usageSeriesQuery), async (c) => {
        const { range, model } = c.req.valid("query");
        return c.json(
          await usageSeriesOf(deps.db, deps.clock.now(), { range, model, tenantId: c.var.principal.tenant.id }),
        );
      })
  );
}

/**
 * Mounted at /me/password: any logged-in user changes their own password (an API key has no password).
 * Every session of the user ends (token_version + 1); the answer carries a fresh token for the one that asked.
 */
export function passwordRoutes(deps: Pick<ServerDeps, "db" | "clock" | "config">) {
  return new Hono<AuthEnv>().post("/", validate("json", changePasswordRequest), async (c) => {
    const { user } = c.var.principal;
    if (!user) throw new AppError("forbidden", "an API key has no password; sign in as a user to change yours");
    const body = c.req.valid("json");
    const updated = await changeOwnPassword(deps.db, user, body.oldPassword, body.newPassword);
    const session = await signTenantUserToken(deps.config.JWT_SECRET, {
      tenantId: updated.tenantId,
      userId: updated.id,
      tokenVersion: updated.tokenVersion,
      nowMs: deps.clock.now(),
    });
    const answer: ChangePasswordResponse = { ok: true, ...session };
    return c.json(answer);
  });
}
