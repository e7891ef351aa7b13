// /admin/api/packages (operator CRUD, audited) and /api/v1/packages (the enabled ones, for any tenant caller).
import { packageCreateRequest, packagePatchRequest } from "@waule/shared/packages";
import { Hono } from "hono";
import { recordAudit } from "../admin/audit";
import type { AdminEnv } from "../admin/middleware";
import type { AuthEnv } from "../auth/middleware";
import type { ServerDeps } from "../deps";
import { validate } from "../http/validate";
import { createPackage, deletePackage, getPackage, listPackages, patchPackage, toPackageView } from "./packages";

type Deps = Pick<ServerDeps, "db" | "clock" | "ids">;

export function adminPackageRoutes(deps: Deps) {
  return new Hono<AdminEnv>()
    .get("/", async (c) => c.json({ data: (await listPackages(deps.db, { enabledOnly: false })).map(toPackageView) }))
    .get("/:id", async (c) => c.json(toPackageView(await getPackage(deps.db, c.req.param("id")))))
    .post("/", validate("json", packageCreateRequest), async (c) => {
      const now = deps.clock.now();
      const pkg = toPackageView(await createPackage({ ...deps, now }, c.req.valid("json")));
      await recordAudit(
        deps.db,
        c.var.admin,
        { action: "package.create", targetType: "package", targetId: pkg.id, details: pkg },
        now,
      );
      return c.json(pkg, 201);
    })
    .patch("/:id", validate("json", packagePatchRequest), async (c) => {
      const now = deps.clock.now();
      const patch = c.req.valid("json");
      const { before, after } = await patchPackage({ db: deps.db, now }, c.req.param("id"), patch);
      const previous = Object.fromEntries(Object.keys(patch).map((k) => [k, before[k as keyof typeof before]]));
      await recordAudit(
        deps.db,
        c.var.admin,
        { action: "package.update", targetType: "package", targetId: after.id, details: { changes: patch, previous } },
        now,
      );
      return c.json(toPackageView(after));
    })
    .delete("/:id", async (c) => {
      const now = deps.clock.now();
      const gone = toPackageView(await deletePackage(deps.db, c.req.param("id")));
      await recordAudit(
        deps.db,
        c.var.admin,
        { action: "package.delete", targetType: "package", targetId: gone.id, details: gone },
        now,
      );
      return c.json(gone);
    });
}

export function tenantPackageRoutes(deps: Pick<ServerDeps, "db">) {
  return new Hono<AuthEnv>().get("/", async (c) =>
    c.json({ data: (await listPackages(deps.db, { enabledOnly: true })).map(toPackageView) }),
  );
}
