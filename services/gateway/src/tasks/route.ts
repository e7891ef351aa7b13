// GET /internal/v1/tasks/:id (the row as it is) and POST /internal/v1/tasks/:id/poll (fresh, with the storage target re-sent).

import type { GatewayDb } from "@waule/db/connect";
import { AppError } from "@waule/shared/errors";
import { internalTaskPollRequest } from "@waule/shared/tasks";
import { Hono } from "hono";
import { validate } from "../http/validate";
import { findTask, toInternalStatus } from "./repository";
import type { TaskEngine } from "./types";

export function tasksRoute(deps: { db: GatewayDb; tasks: TaskEngine }) {
  return new Hono()
    .get("/v1/tasks/:id", async (c) => {
      const row = await findTask(deps.db, c.req.param("id"));
      // The signed caller is the server, but a tenant id in the query still narrows what it can read.
      const tenantId = c.req.query("tenantId");
      if (!row || (tenantId !== undefined && row.tenantId !== tenantId))
        throw new AppError("not_found", `task ${c.req.param("id")} not found`);
      return c.json(toInternalStatus(row), 200);
    })
    .post("/v1/tasks/:id/poll", validate("json", internalTaskPollRequest), async (c) => {
      const body = c.req.valid("json");
      const row = await deps.tasks.poll(c.req.param("id"), { tenantId: body.tenantId, storage: body.storage });
      return c.json(toInternalStatus(row), 200);
    });
}
