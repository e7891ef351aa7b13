// /admin/api/price-groups (list, create, change, delete) and PUT /admin/api/tenants/:id/price-group; every change audited.
import { priceGroupCreateRequest, priceGroupPatchRequest, tenantPriceGroupRequest } from "@waule/shared/price-groups";
import { Hono } from "hono";
import { recordAudit } from "../admin/audit";
import type { AdminEnv } from "../admin/middleware";
import type { ServerDeps } from "../deps";
import { validate } from "../http/validate";
import { assignPriceGroup, createPriceGroup, deletePriceGroup, listPriceGroups, updatePriceGroup } from "./groups";

export function adminPriceGroupRoutes(deps: ServerDeps) {
  const audit = (
    admin: AdminEnv["Variables"]["admin"],
    action: string,
    targetId: string,
    details: Record<string, unknown>,
  ) => recordAudit(deps.db, admin, { action, targetType: "price_group", targetId, details }, deps.clock.now());
  return new Hono<AdminEnv>()
    .get("/", async (c) => c.json({ data: await listPriceGroups(deps.db) }))
    .post("/", validate("json", priceGroupCreateRequest), async (c) => {
      const body = c.req.valid("json");
      const group = await createPriceGroup(deps.db, body, deps.clock.now());
      await audit(c.var.admin, "price_group.create", group.id, body);
      return c.json(group, 201);
    })
    .patch("/:id", validate("json", priceGroupPatchRequest), async (c) => {
      const body = c.req.valid("json");
      const group = await updatePriceGroup(deps.db, c.req.param("id"), body, deps.clock.now());
      await audit(c.var.admin, "price_group.update", group.id, body);
      return c.json(group);
    })
    .delete("/:id", async (c) => {
      await deletePriceGroup(deps.db, c.req.param("id"));
      await audit(c.var.admin, "price_group.delete", c.req.param("id"), {});
      return c.json({ deleted: true });
    });
}

export function adminTenantPriceGroupRoutes(deps: ServerDeps) {
  return new Hono<AdminEnv>().put("/:id/price-group", validate("json", tenantPriceGroupRequest), async (c) => {
    const { priceGroupId } = c.req.valid("json");
    await assignPriceGroup(deps.db, c.req.param("id"), priceGroupId);
    await recordAudit(
      deps.db,
      c.var.admin,
      { action: "tenant.price_group", targetType: "tenant", targetId: c.req.param("id"), details: { priceGroupId } },
      deps.clock.now(),
    );
    return c.json({ tenantId: c.req.param("id"), priceGroupId });
  });
}
