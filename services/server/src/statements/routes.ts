// Statements for tenant admins (/api/v1/tenant/statements) and operators (/admin/api/tenants/:id/statements): same three reads.
import type { ServerDb } from "@waule/db/connect";
import { monthlyStatementQuery, statementRangeQuery } from "@waule/shared/statements";
import { Hono } from "hono";
import type { AdminEnv } from "../admin/middleware";
import type { AuthEnv } from "../auth/middleware";
import type { ServerDeps } from "../deps";
import { validate } from "../http/validate";
import { requireTenantManager } from "../tenant-admin/guard";
import { ledgerCsv, usageCsv } from "./exports";
import { monthlyStatement } from "./monthly";

/** Whose statement: set by the mount (the caller's own tenant, or the operator's :id). */
type StatementEnv = { Variables: { statementTenant: string } };

function statementRoutes(db: ServerDb) {
  return new Hono<StatementEnv>()
    .get("/ledger.csv", validate("query", statementRangeQuery), async (c) =>
      ledgerCsv(db, c.var.statementTenant, c.req.valid("query")),
    )
    .get("/usage.csv", validate("query", statementRangeQuery), async (c) =>
      usageCsv(db, c.var.statementTenant, c.req.valid("query")),
    )
    .get("/monthly", validate("query", monthlyStatementQuery), async (c) =>
      c.json(await monthlyStatement(db, c.var.statementTenant, c.req.valid("query").month)),
    );
}

export function tenantStatementRoutes(deps: Pick<ServerDeps, "db">) {
  return new Hono<AuthEnv & StatementEnv>()
    .use("*", requireTenantManager)
    .use("*", async (c, next) => {
      c.set("statementTenant", c.var.principal.tenant.id);
      await next();
    })
    .route("/", statementRoutes(deps.db));
}

/** Mounted at /tenants/:id/statements under /admin/api. */
export function adminStatementRoutes(deps: Pick<ServerDeps, "db">) {
  return new Hono<AdminEnv & StatementEnv>()
    .use("*", async (c, next) => {
      c.set("statementTenant", c.req.param("id") ?? "");
      await next();
    })
    .route("/", statementRoutes(deps.db));
}
