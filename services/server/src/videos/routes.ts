// POST /api/v1/videos/generations (202 with a task id) and GET /api/v1/videos/generations/:id (the task).
import { videoGenerationRequest } from "@waule/shared/videos";
import { Hono } from "hono";
import type { AuthEnv } from "../auth/middleware";
import type { ServerDeps } from "../deps";
import { validate } from "../http/validate";
import { idempotent } from "../idempotency/middleware";
import { requireTenantTask } from "../tasks/routes";
import { submitVideo } from "./submit";

export function videoRoutes(deps: ServerDeps) {
  return new Hono<AuthEnv>()
    .post("/generations", idempotent(deps), validate("json", videoGenerationRequest), async (c) => {
      const { tenant, user } = c.var.principal;
      return c.json(await submitVideo(deps, { tenant, userId: user?.id ?? null }, c.req.valid("json")), 202);
    })
    .get("/generations/:id", async (c) =>
      c.json(await requireTenantTask(deps, c.var.principal.tenant.id, c.req.param("id"))),
    );
}
