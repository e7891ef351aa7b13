// Starting a task of any type: slot → hold → row → gateway submit; a refused submit fails the row and releases the hold,
// an unanswered one leaves the row queued for the runner to resubmit.
import type { Model, TaskRow, Tenant } from "@waule/db/server";
import { tasks } from "@waule/db/server";
import { AppError } from "@waule/shared/errors";
import type { TaskType } from "@waule/shared/tasks";
import { holdCredits, releaseHold } from "../billing/ledger";
import type { ServerDeps } from "../deps";
import { acquireTaskSlot, releaseTaskSlot, taskSlotTtlMs } from "../limits/task-slots";
import { storageTargetFor } from "../tenant-storage";
import { assertWebhookUrl } from "../webhooks/url-policy";
import { taskDeadlineAt } from "./deadline";
import { submitToGateway } from "./gateway-submit";
import { applyGatewayStatus, failTask } from "./lifecycle";
import { findTaskRow, setGatewayTask } from "./repository";

export type TaskStart = {
  type: TaskType;
  model: Model;
  /** Credits held now and charged in full when the task succeeds. */
  cost: number;
  /** Kept on the row: the runner resubmits from it after a crash. */
  request: Record<string, unknown>;
  callbackUrl?: string;
  /** A provider the request named over the model's own. */
  provider?: string;
};

export type StartedTask = { id: string; object: "task"; type: TaskType; status: "queued"; created_at: number };

export async function startTask(
  deps: ServerDeps,
  caller: { tenant: Tenant; userId: string | null },
  start: TaskStart,
): Promise<StartedTask> {
  const tenantId = caller.tenant.id;
  if (start.callbackUrl && !caller.tenant.webhookSecret) {
    throw new AppError(
      "invalid_request",
      "callback_url needs a signing secret: register one with PUT /api/v1/webhooks first",
    );
  }
  if (start.callbackUrl) assertWebhookUrl(start.callbackUrl, deps.config, "callback_url");
  const storage = await storageTargetFor(deps, tenantId);
  const taskId = deps.ids.make("task");
  const now = deps.clock.now();

  const deadlineAt = taskDeadlineAt(start.model, deps.config, now);
  await acquireTaskSlot(deps, { tenantId, taskId, ttlMs: taskSlotTtlMs(deadlineAt.getTime(), now) });
  let holdId: string;
  try {
    holdId = (
      await holdCredits(
        { db: deps.db, now },
        { tenantId, holdId: deps.ids.make("hold"), amount: start.cost, requestId: taskId },
      )
    ).holdId;
  } catch (err) {
    await releaseTaskSlot(deps, { tenantId, taskId });
    throw err;
  }
  try {
    await deps.db.insert(tasks).values({
      id: taskId,
      tenantId,
      userId: caller.userId,
      type: start.type,
      model: start.model.id,
      provider: start.provider ?? start.model.provider,
      status: "queued",
      request: start.request,
      holdId,
      heldCredits: start.cost,
      callbackUrl: start.callbackUrl ?? null,
      deadlineAt,
      createdAt: new Date(now),
      updatedAt: new Date(now),
    });
  } catch (err) {
    await releaseHold({ db: deps.db, now: deps.clock.now() }, holdId);
    await releaseTaskSlot(deps, { tenantId, taskId });
    throw err;
  }

  const row: TaskRow = (await findTaskRow(deps.db, taskId))!;
  try {
    const status = await submitToGateway(deps, row, start.model, storage);
    await setGatewayTask(deps.db, taskId, status.gatewayTaskId, status.provider, status.sandbox);
    if (status.status !== "queued") await applyGatewayStatus(deps, (await findTaskRow(deps.db, taskId))!, status);
  } catch (err) {
    // No answer is not a refusal: the gateway writes its row before calling the provider, so it may be running the job.
    // The task stays queued without a gateway id; the runner resubmits it and the gateway finds that job by our task id.
    if (!isDefiniteRefusal(err)) {
      console.error(
        `[tasks] submitting ${taskId} got no definite answer; the runner resubmits it: ${err instanceof Error ? err.message : String(err)}`,
      );
      return { id: taskId, object: "task", type: start.type, status: "queued", created_at: Math.floor(now / 1000) };
    }
    const error = { code: err.code, message: err.message };
    // The POST answers this error itself, so no webhook repeats it.
    await failTask(deps, row, error, { announce: false });
    throw new AppError(err.code, err.message, { task_id: taskId });
  }
  return { id: taskId, object: "task", type: start.type, status: "queued", created_at: Math.floor(now / 1000) };
}

/** An error the gateway answered (a 4xx, or its provider's verdict) rather than a lost or garbled answer: gateway_unavailable covers those. */
function isDefiniteRefusal(err: unknown): err is AppError {
  return err instanceof AppError && err.code !== "gateway_unavailable";
}
