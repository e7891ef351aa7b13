// /admin/api/admins: operator accounts. Any operator may list them; only an owner creates or changes one,
// and no owner can lock out the last active owner (by deactivating or demoting them); a reset, role change or
// deactivation ends the operator's sessions (admins.token_version).
import { type Admin, admins } from "@waule/db/server";
import { type AdminAccount, adminCreateRequest, adminPatchRequest } from "@waule/shared/admin";
import { AppError } from "@waule/shared/errors";
import { and, asc, eq, sql } from "drizzle-orm";
import type { SQLiteUpdateSetSource } from "drizzle-orm/sqlite-core";
import { Hono, type MiddlewareHandler } from "hono";
import type { ServerDeps } from "../deps";
import { validate } from "../http/validate";
import { createAdmin } from "./admins";
import { recordAudit } from "./audit";
import type { AdminEnv } from "./middleware";

function toAccount(a: Admin): AdminAccount {
  return {
    id: a.id,
    username: a.username,
    role: a.role,
    isActive: a.isActive,
    createdAt: a.createdAt.toISOString(),
    lastLoginAt: a.lastLoginAt?.toISOString() ?? null,
  };
}

const ownersOnly: MiddlewareHandler<AdminEnv> = async (c, next) => {
  if (c.var.admin.role !== "owner") throw new AppError("forbidden", "only an owner can manage operator accounts");
  await next();
};

export function adminAccountRoutes(deps: ServerDeps) {
  const now = () => deps.clock.now();
  return new Hono<AdminEnv>()
    .get("/", async (c) =>
      c.json({
        data: (await deps.db.query.admins.findMany({ orderBy: [asc(admins.createdAt), asc(admins.id)] })).map(
          toAccount,
        ),
      }),
    )
    .post("/", ownersOnly, validate("json", adminCreateRequest), async (c) => {
      const body = c.req.valid("json");
      const created = await createAdmin(deps, body);
      await recordAudit(
        deps.db,
        c.var.admin,
        {
          action: "admin.create",
          targetType: "admin",
          targetId: created.id,
          details: { username: created.username, role: created.role },
        },
        now(),
      );
      return c.json(toAccount(created), 201);
    })
    .patch("/:id", ownersOnly, validate("json", adminPatchRequest), async (c) => {
      const id = c.req.param("id");
      const patch = c.req.valid("json");
      const target = await deps.db.query.admins.findFirst({ where: eq(admins.id, id) });
      if (!target) throw new AppError("not_found", `operator ${id} not found`);
      const { password, ...rest } = patch;
      const set: SQLiteUpdateSetSource<typeof admins> = { ...rest };
      if (password !== undefined) set.passwordHash = await Bun.password.hash(password);
      // A reset, a role change or a deactivation ends the operator's sessions.
      if (
        password !== undefined ||
        (rest.role !== undefined && rest.role !== target.role) ||
        (rest.isActive === false && target.isActive)
      ) {
        set.tokenVersion = sql`${admins.tokenVersion} + 1`;
      }
      // Checked inside the update, so two owners locking each other out at once cannot both succeed.
      const losesOwner =
        target.role === "owner" && target.isActive && (patch.isActive === false || patch.role === "operator");
      const anotherOwner = sql`EXISTS (SELECT 1 FROM admins o WHERE o.role = 'owner' AND o.is_active = 1 AND o.id <> ${id})`;
      const [updated] = await deps.db
        .update(admins)
        .set(set)
        .where(and(eq(admins.id, id), losesOwner ? anotherOwner : undefined))
        .returning();
      if (!updated && losesOwner)
        throw new AppError("conflict", "the last active owner cannot be deactivated or demoted");
      if (!updated) throw new AppError("not_found", `operator ${id} not found`);
      await recordAudit(
        deps.db,
        c.var.admin,
        {
          action: "admin.update",
          targetType: "admin",
          targetId: id,
          details: { ...rest, ...(password === undefined ? {} : { passwordReset: true }) },
        },
        now(),
      );
      return c.json(toAccount(updated));
    });
}
