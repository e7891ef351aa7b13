// /admin/api/tenants: list, create (first key shown once), read, patch, credits (recharge/adjust), ledger, allowed models.

import {
  adjustRequest,
  ledgerQuery,
  rechargeRequest,
  type TenantCreateResponse,
  tenantCreateRequest,
  tenantListQuery,
  tenantModelsRequest,
  tenantPatchRequest,
} from "@waule/shared/admin";
import { ledgerCallQuery } from "@waule/shared/ledger";
import { Hono } from "hono";
import { listLedgerCalls } from "../billing/ledger-calls";
import { listLedger } from "../billing/ledger-page";
import type { ServerDeps } from "../deps";
import { validate } from "../http/validate";
import { createTenant, getTenant } from "../tenants/tenants";
import { recordAudit } from "./audit";
import { changeCredits } from "./credits";
import type { AdminEnv } from "./middleware";
import { setTenantModels, tenantModelIds } from "./models";
import { listTenants, patchTenant, tenantDetail, toAdminTenant } from "./tenants";

export function adminTenantRoutes(deps: ServerDeps) {
  const now = () => deps.clock.now();
  return (
    new Hono<AdminEnv>()
      .get("/", validate("query", tenantListQuery), async (c) =>
        c.json(await listTenants(deps.db, c.req.valid("query"))),
      )
      .post("/", validate("json", tenantCreateRequest), async (c) => {
        const body = c.req.valid("json");
        const created = await createTenant(deps, { name: body.name, credits: body.credits, maxUsers: body.maxUsers });
        await recordAudit(
          deps.db,
          c.var.admin,
          {
            action: "tenant.create",
            targetType: "tenant",
            targetId: created.tenant.id,
            details: {
              name: created.tenant.name,
              credits: body.credits,
              maxUsers: created.tenant.maxUsers,
              apiKeyId: created.apiKeyId,
            },
          },
          now(),
        );
        const answer: TenantCreateResponse = {
          tenant: toAdminTenant(created.tenant),
          apiKey: created.apiKey,
          apiKeyId: created.apiKeyId,
        };
        return c.json(answer, 201);
      })
      .get("/:id", async (c) => c.json(await tenantDetail(deps.db, c.req.param("id"))))
      .patch("/:id", validate("json", tenantPatchRequest), async (c) => {
        const patch = c.req.valid("json");
        const before = await getTenant(deps.db, c.req.param("id"));
        const updated = await patchTenant(deps, c.req.param("id"), patch);
        // The audit shows a before/after diff: the changed fields and what they were.
        const previous = Object.fromEntries(
          Object.keys(patch).map((field) => [field, (before as Record<string, unknown>)[field] ?? null]),
        );
        await recordAudit(
          deps.db,
          c.var.admin,
          {
            action: "tenant.update",
            targetType: "tenant",
            targetId: updated.id,
            details: { changes: patch, previous },
          },
          now(),
        );
        return c.json(toAdminTenant(updated));
      })
      // The audit row is written in the ledger's own batch (admin/credits.ts): a refused change leaves neither.
      .post("/:id/recharge", validate("json", rechargeRequest), async (c) => {
        const body = c.req.valid("json");
        return c.json(
          await changeCredits({ db: deps.db, now: now() }, c.var.admin, {
            tenantId: c.req.param("id"),
            kind: "recharge",
            credits: body.credits,
            note: body.note,
          }),
        );
      })
      .post("/:id/adjust", validate("json", adjustRequest), async (c) => {
        const body = c.req.valid("json");
        return c.json(
          await changeCredits({ db: deps.db, now: now() }, c.var.admin, {
            tenantId: c.req.param("id"),
            kind: "adjust",
            credits: body.credits,
            note: body.note,
          }),
        );
      })
      .get("/:id/ledger", validate("query", ledgerQuery), async (c) =>
        c.json(await listLedger(deps.db, c.req.param("id"), c.req.valid("query"))),
      )
      .get("/:id/ledger/calls", validate("query", ledgerCallQuery), async (c) =>
        c.json(await listLedgerCalls(deps.db, c.req.param("id"), c.req.valid("query"))),
      )
      .get("/:id/models", async (c) => c.json({ models: await tenantModelIds(deps.db, c.req.param("id")) }))
      .put("/:id/models", validate("json", tenantModelsRequest), async (c) => {
        const id = c.req.param("id");
        const models = await setTenantModels(deps.db, id, c.req.valid("json").models, now());
        await recordAudit(
          deps.db,
          c.var.admin,
          { action: "tenant.models", targetType: "tenant", targetId: id, details: { models } },
          now(),
        );
        return c.json({ models });
      })
  );
}
