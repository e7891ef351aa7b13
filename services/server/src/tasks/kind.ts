// What a task kind is on the server: one object per kind (videos/kind.ts, midjourney/kind.ts), listed in kinds.ts.
// The shared task machinery (start, runner, lifecycle) asks the kind; it never branches on a task's type.
import type { Model, TaskRow } from "@waule/db/server";
import type { StorageTarget } from "@waule/shared/images";
import type { InternalTaskStatus, TaskType } from "@waule/shared/tasks";
import type { ServerConfig } from "../config";
import type { GatewayClient } from "../gateway-client/client";

/** What a task row keeps in `request`: the kind's own shape, enough to price it and to submit it again. */
export type StoredTaskRequest = TaskRow["request"];

export type TaskKind = {
  type: TaskType;
  /** Credits held at submit and charged in full when the task succeeds. */
  price(model: Model, request: StoredTaskRequest): number;
  /** When a task of this model gives up (the runner fails it then and refunds it). */
  deadlineAt(model: Pick<Model, "pricing">, config: ServerConfig, now: number): Date;
  /**
   * The internal submit of a stored row: at start, and again by the runner after a crash (the gateway finds the
   * job it may already have by the row's id, so this never starts a second one).
   */
  submit(
    gateway: GatewayClient,
    task: { row: TaskRow; model: Pick<Model, "id" | "provider" | "upstreamModel">; storage: StorageTarget },
  ): Promise<InternalTaskStatus>;
  /** The usage row its settle writes: the operation, and what the kind adds to every task's metadata. */
  usage: { operation: string; metadata(row: TaskRow): Record<string, unknown> };
};
