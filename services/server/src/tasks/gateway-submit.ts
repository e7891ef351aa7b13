// The internal submit of a task row, by its kind: built from the stored request, so the runner can resubmit after a crash.
import type { Model, TaskRow } from "@waule/db/server";
import type { StorageTarget } from "@waule/shared/images";
import type { InternalTaskStatus } from "@waule/shared/tasks";
import type { ServerDeps } from "../deps";
import { taskKindOf } from "./kinds";

export function submitToGateway(
  deps: Pick<ServerDeps, "gateway">,
  row: TaskRow,
  model: Pick<Model, "id" | "provider" | "upstreamModel">,
  storage: StorageTarget,
): Promise<InternalTaskStatus> {
  return taskKindOf(row.type).submit(deps.gateway, { row, model, storage });
}
