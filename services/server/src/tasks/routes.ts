// GET /api/v1/tasks (the caller's tenant, paged and filtered), /tasks/:id, and /tasks/:id/events (SSE until the task ends).
import { AppError } from "@waule/shared/errors";
import { type Task, type TaskList, type TaskListQuery, taskListQuery } from "@waule/shared/tasks";
import { Hono } from "hono";
import type { AuthEnv } from "../auth/middleware";
import type { ServerDeps } from "../deps";
import { streamTaskEvents } from "../events";
import { createStreamSlots } from "../events/stream-slots";
import { validate } from "../http/validate";
import { freshLinks, type LinkDeps } from "../storage-links";
import { findTenantTask, listTenantTaskRows, resultKeys, toTask } from "./repository";

/** The tenant's task with its result links signed now, so a task of any age still opens. */
export async function requireTenantTask(deps: LinkDeps, tenantId: string, id: string): Promise<Task> {
  const row = await findTenantTask(deps.db, tenantId, id);
  if (!row) throw new AppError("not_found", `task ${id} not found`);
  return toTask(row, await freshLinks(deps, tenantId, resultKeys(row)));
}

async function listTasks(deps: LinkDeps, tenantId: string, query: TaskListQuery): Promise<TaskList> {
  const page = await listTenantTaskRows(deps.db, tenantId, query);
  const linkOf = await freshLinks(deps, tenantId, page.data.flatMap(resultKeys));
  return { ...page, data: page.data.map((row) => toTask(row, linkOf)) };
}

export function taskRoutes(deps: ServerDeps) {
  // Per app (one per instance): what it protects is this process's connections and subscriptions.
  const streams = createStreamSlots(deps.config.SSE_STREAMS_PER_TENANT);
  return new Hono<AuthEnv>()
    .get("/", validate("query", taskListQuery), async (c) =>
      c.json(await listTasks(deps, c.var.principal.tenant.id, c.req.valid("query"))),
    )
    .get("/:id", async (c) => c.json(await requireTenantTask(deps, c.var.principal.tenant.id, c.req.param("id"))))
    .get("/:id/events", async (c) => {
      const tenantId = c.var.principal.tenant.id;
      const id = c.req.param("id");
      const release = streams.acquire(tenantId);
      if (!release)
        throw new AppError(
          "rate_limited",
          `at most ${deps.config.SSE_STREAMS_PER_TENANT} task event streams may be open at once; close one first`,
        );
      try {
        return await streamTaskEvents(c, {
          bus: deps.events,
          taskId: id,
          load: async () => {
            const row = await findTenantTask(deps.db, tenantId, id);
            return row ? toTask(row, await freshLinks(deps, tenantId, resultKeys(row))) : null;
          },
          onEnd: release,
        });
      } catch (err) {
        release();
        throw err;
      }
    });
}
