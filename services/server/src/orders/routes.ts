// /api/v1/orders (tenant admins and API keys buy and follow orders), /admin/api/orders and the notify log
// (operators), /payments/<provider>/notify (the providers, unauthenticated: the signature is the credential).
import { AppError } from "@waule/shared/errors";
import { orderCreateRequest, orderListQuery, orderQuery, paymentProvider } from "@waule/shared/orders";
import { pageQuery } from "@waule/shared/pagination";
import { Hono } from "hono";
import { z } from "zod";
import { recordAudit } from "../admin/audit";
import type { AdminEnv } from "../admin/middleware";
import { clientIp } from "../auth/client-ip";
import type { AuthEnv } from "../auth/middleware";
import { validate } from "../http/validate";
import { requireTenantManager } from "../tenant-admin/guard";
import type { PaymentDeps } from "./adapters";
import { createOrder } from "./create";
import { handleNotify } from "./notify";
import { getOrder, listNotifies, listOrders, toOrderView } from "./orders";
import { reconcileOrder } from "./reconcile";

export function tenantOrderRoutes(deps: PaymentDeps) {
  return new Hono<AuthEnv>()
    .use("*", requireTenantManager)
    .post("/", validate("json", orderCreateRequest), async (c) =>
      c.json(await createOrder(deps, c.var.principal, c.req.valid("json")), 201),
    )
    .get("/", validate("query", orderListQuery.omit({ tenant_id: true })), async (c) =>
      c.json(await listOrders(deps.db, c.var.principal.tenant.id, c.req.valid("query"))),
    )
    .get("/:id", validate("query", orderQuery), async (c) => {
      let order = await getOrder(deps.db, c.req.param("id"), c.var.principal.tenant.id);
      // ?refresh=true: the buyer says they paid and the notify has not come; ask the provider now.
      if (c.req.valid("query").refresh === "true" && order.status === "created")
        order = (await reconcileOrder(deps, order)).order;
      return c.json(toOrderView(order));
    });
}

export function adminOrderRoutes(deps: PaymentDeps) {
  return new Hono<AdminEnv>()
    .get("/", validate("query", orderListQuery), async (c) =>
      c.json(await listOrders(deps.db, null, c.req.valid("query"))),
    )
    .get("/:id", async (c) => c.json(toOrderView(await getOrder(deps.db, c.req.param("id"), null))))
    .post("/:id/reconcile", async (c) => {
      const before = await getOrder(deps.db, c.req.param("id"), null);
      const { order, result } = await reconcileOrder(deps, before);
      await recordAudit(
        deps.db,
        c.var.admin,
        {
          action: "order.reconcile",
          targetType: "order",
          targetId: order.id,
          details: { before: before.status, after: order.status, outcome: result.outcome, reason: result.reason },
        },
        deps.clock.now(),
      );
      return c.json({ order: toOrderView(order), outcome: result.outcome, reason: result.reason });
    });
}

export function adminNotifyRoutes(deps: PaymentDeps) {
  return new Hono<AdminEnv>().get(
    "/",
    validate("query", pageQuery.extend({ order_id: z.string().max(100).optional() })),
    async (c) => c.json(await listNotifies(deps.db, c.req.valid("query"))),
  );
}

export function paymentNotifyRoutes(deps: PaymentDeps) {
  return new Hono().post("/:provider/notify", async (c) => {
    const parsed = paymentProvider.safeParse(c.req.param("provider"));
    if (!parsed.success) throw new AppError("not_found", `no payment provider ${c.req.param("provider")}`);
    const body = await c.req.text();
    return handleNotify(deps, parsed.data, {
      headers: c.req.raw.headers,
      body,
      remoteIp: clientIp(c, deps.config.TRUST_PROXY === "true"),
    });
  });
}
