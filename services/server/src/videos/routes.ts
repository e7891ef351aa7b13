// POST /api/v1/videos/generations (202 with a task id) and GET /api/v1/videos/generations/:id (the task).
import { videoGenerationRequest } from "@waule/shared/videos";
import { Hono } from "hono";
import { assertModelAllowed } from "../api-keys/key-policy";
import type { AuthEnv } from "../auth/middleware";
import type { ServerDeps } from "../deps";
import { validate } from "../http/validate";
import { idempotent } from "../idempotency/middleware";
import { requireTenantTask } from "../tasks/routes";
import { submitVideo } from "./submit";

export function videoRoutes(deps: ServerDeps) {
  return new Hono<AuthEnv>()
    .post("/generations", idempotent(deps), validate("json", videoGenerationRequest), async (c) => {
      const { tenant, user, apiKeyId, allowedModels } = c.var.principal;
      const body = c.req.valid("json");
      assertModelAllowed(allowedModels, body.model);
      return c.json(await submitVideo(deps, { tenant, userId: user?.id ?? null, apiKeyId }, body), 202);
    })
    .get("/generations/:id", async (c) =>
      c.json(await requireTenantTask(deps, c.var.principal.tenant.id, c.req.param("id"))),
    );
}
