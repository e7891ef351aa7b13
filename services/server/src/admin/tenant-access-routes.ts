// /admin/api/tenants/:id/keys and /users: a tenant's API keys (created keys shown once) and its users, under the same
// seat and last-admin rules as tenant self-service (users/seats.ts).
import type { KeyCreateResponse } from "@waule/shared/admin";
import { createApiKeyRequest } from "@waule/shared/api-keys";
import { keyLimitsRequest, memberCapsRequest } from "@waule/shared/key-limits";
import { createTenantUserRequest, updateTenantUserRequest } from "@waule/shared/tenant-users";
import { Hono } from "hono";
import { createApiKey, listApiKeys, revokeApiKey, toApiKeyView } from "../api-keys/api-keys";
import { setKeyLimits } from "../api-keys/key-policy";
import type { ServerDeps } from "../deps";
import { validate } from "../http/validate";
import { getTenant } from "../tenants/tenants";
import { setMemberCaps } from "../users/caps";
import { changeTenantUser, insertTenantUser } from "../users/seats";
import { listTenantUsers, toTenantUserView } from "../users/users";
import { recordAudit } from "./audit";
import type { AdminEnv } from "./middleware";

export function adminTenantAccessRoutes(deps: ServerDeps) {
  const now = () => deps.clock.now();
  return new Hono<AdminEnv>()
    .get("/:id/keys", async (c) => {
      const tenant = await getTenant(deps.db, c.req.param("id"));
      return c.json({ data: (await listApiKeys(deps.db, tenant.id)).map(toApiKeyView) });
    })
    .post("/:id/keys", validate("json", createApiKeyRequest), async (c) => {
      const { key, record } = await createApiKey(deps, c.req.param("id"), c.req.valid("json").name);
      await recordAudit(
        deps.db,
        c.var.admin,
        {
          action: "key.create",
          targetType: "tenant",
          targetId: record.tenantId,
          details: { keyId: record.id, name: record.name, prefix: record.prefix },
        },
        now(),
      );
      const answer: KeyCreateResponse = { key, apiKey: toApiKeyView(record) };
      return c.json(answer, 201);
    })
    .post("/:id/keys/:keyId/revoke", async (c) => {
      const tenantId = c.req.param("id");
      const keyId = c.req.param("keyId");
      await revokeApiKey(deps, keyId, tenantId);
      await recordAudit(
        deps.db,
        c.var.admin,
        { action: "key.revoke", targetType: "tenant", targetId: tenantId, details: { keyId } },
        now(),
      );
      return c.json({ revoked: true });
    })
    .patch("/:id/keys/:keyId/limits", validate("json", keyLimitsRequest), async (c) => {
      const tenantId = c.req.param("id");
      const body = c.req.valid("json");
      const view = await setKeyLimits(deps.db, tenantId, c.req.param("keyId"), body);
      await recordAudit(
        deps.db,
        c.var.admin,
        { action: "key.limits", targetType: "tenant", targetId: tenantId, details: { keyId: view.id, ...body } },
        now(),
      );
      return c.json(view);
    })
    .get("/:id/users", async (c) => c.json(await listTenantUsers(deps.db, c.req.param("id"))))
    .post("/:id/users", validate("json", createTenantUserRequest), async (c) => {
      const body = c.req.valid("json");
      const user = await insertTenantUser(deps, c.req.param("id"), body);
      await recordAudit(
        deps.db,
        c.var.admin,
        {
          action: "user.create",
          targetType: "tenant",
          targetId: user.tenantId,
          details: { userId: user.id, username: user.username, role: user.role },
        },
        now(),
      );
      return c.json(toTenantUserView(user), 201);
    })
    .patch("/:id/users/:userId", validate("json", updateTenantUserRequest), async (c) => {
      const patch = c.req.valid("json");
      const user = await changeTenantUser(deps, c.req.param("id"), c.req.param("userId"), patch);
      // The password itself never reaches the audit trail; that it was reset does.
      const { password, ...visible } = patch;
      await recordAudit(
        deps.db,
        c.var.admin,
        {
          action: "user.update",
          targetType: "tenant",
          targetId: user.tenantId,
          details: { userId: user.id, ...visible, ...(password === undefined ? {} : { passwordReset: true }) },
        },
        now(),
      );
      return c.json(toTenantUserView(user));
    })
    .patch("/:id/users/:userId/caps", validate("json", memberCapsRequest), async (c) => {
      const body = c.req.valid("json");
      const user = await setMemberCaps(deps.db, c.req.param("id"), c.req.param("userId"), body);
      await recordAudit(
        deps.db,
        c.var.admin,
        { action: "user.caps", targetType: "tenant", targetId: user.tenantId, details: { userId: user.id, ...body } },
        now(),
      );
      return c.json(toTenantUserView(user));
    });
}
