// GET /api/v1/tasks (the caller's tenant, paged and filtered), /tasks/:id, and /tasks/:id/events (SSE until the task ends).
import { AppError } from "@waule/shared/errors";
import { taskListQuery } from "@waule/shared/tasks";
import { Hono } from "hono";
import type { AuthEnv } from "../auth/middleware";
import type { ServerDeps } from "../deps";
import { streamTaskEvents } from "../events";
import { validate } from "../http/validate";
import { findTenantTask, listTenantTasks, toTask } from "./repository";

export async function requireTenantTask(deps: Pick<ServerDeps, "db">, tenantId: string, id: string) {
  const row = await findTenantTask(deps.db, tenantId, id);
  if (!row) throw new AppError("not_found", `task ${id} not found`);
  return toTask(row);
}

export function taskRoutes(deps: ServerDeps) {
  return new Hono<AuthEnv>()
    .get("/", validate("query", taskListQuery), async (c) => c.json(await listTenantTasks(deps.db, c.var.principal.tenant.id, c.req.valid("query"))))
    .get("/:id", async (c) => c.json(await requireTenantTask(deps, c.var.principal.tenant.id, c.req.param("id"))))
    .get("/:id/events", async (c) => {
      const tenantId = c.var.principal.tenant.id;
      const id = c.req.param("id");
      return streamTaskEvents(c, {
        bus: deps.events,
        taskId: id,
        load: async () => {
          const row = await findTenantTask(deps.db, tenantId, id);
          return row ? toTask(row) : null;
        },
      });
    });
}
