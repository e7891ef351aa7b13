// POST /api/v1/midjourney/imagine and /action: 202 with a task (type "midjourney"); follow it through /api/v1/tasks/:id.
import { midjourneyActionRequest, midjourneyImagineRequest } from "@waule/shared/midjourney";
import { Hono } from "hono";
import type { AuthEnv } from "../auth/middleware";
import type { ServerDeps } from "../deps";
import { validate } from "../http/validate";
import { idempotent } from "../idempotency/middleware";
import { submitAction, submitImagine } from "./submit";

export function midjourneyRoutes(deps: ServerDeps) {
  return new Hono<AuthEnv>()
    .post("/imagine", idempotent(deps), validate("json", midjourneyImagineRequest), async (c) => {
      const { tenant, user, apiKeyId, allowedModels } = c.var.principal;
      const caller = { tenant, userId: user?.id ?? null, apiKeyId, allowedModels };
      return c.json(await submitImagine(deps, caller, c.req.valid("json")), 202);
    })
    .post("/action", idempotent(deps), validate("json", midjourneyActionRequest), async (c) => {
      const { tenant, user, apiKeyId, allowedModels } = c.var.principal;
      const caller = { tenant, userId: user?.id ?? null, apiKeyId, allowedModels };
      return c.json(await submitAction(deps, caller, c.req.valid("json")), 202);
    });
}
