// /admin/api/models: the whole catalogue (enabled or not), new models, and price/pricing/enabled edits.
import { modelCreateRequest, modelListQuery, modelPatchRequest } from "@waule/shared/admin";
import { Hono } from "hono";
import type { ServerDeps } from "../deps";
import { validate } from "../http/validate";
import { recordAudit } from "./audit";
import type { AdminEnv } from "./middleware";
import { createModel, listAllModels, patchModel, toAdminModel } from "./models";

export function adminModelRoutes(deps: ServerDeps) {
  return new Hono<AdminEnv>()
    .get("/", validate("query", modelListQuery), async (c) =>
      c.json({ data: await listAllModels(deps.db, c.req.valid("query")) }),
    )
    .post("/", validate("json", modelCreateRequest), async (c) => {
      const model = await createModel(deps.db, c.req.valid("json"), deps.clock.now());
      await recordAudit(
        deps.db,
        c.var.admin,
        { action: "model.create", targetType: "model", targetId: model.id, details: toAdminModel(model) },
        deps.clock.now(),
      );
      return c.json(toAdminModel(model), 201);
    })
    .patch("/:id", validate("json", modelPatchRequest), async (c) => {
      const patch = c.req.valid("json");
      const { before, after } = await patchModel(deps.db, c.req.param("id"), patch);
      const previous = Object.fromEntries(Object.keys(patch).map((k) => [k, before[k as keyof typeof before]]));
      await recordAudit(
        deps.db,
        c.var.admin,
        { action: "model.update", targetType: "model", targetId: after.id, details: { changes: patch, previous } },
        deps.clock.now(),
      );
      return c.json(toAdminModel(after));
    });
}
