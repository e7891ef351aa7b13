// Starting a task of any kind: price → slot → hold → row → gateway submit (the kind says how to price, when it gives up
// and how to submit); a refused submit fails the row and releases the hold, an unanswered one leaves the row queued
// for the runner to resubmit.
import type { Model, TaskRow, Tenant } from "@waule/db/server";
import { tasks } from "@waule/db/server";
import { AppError } from "@waule/shared/errors";
import { holdCredits, releaseHold } from "../billing/ledger";
import type { ServerDeps } from "../deps";
import { acquireTaskSlot, releaseTaskSlot, taskSlotTtlMs } from "../limits/task-slots";
import { storageTargetFor } from "../tenant-storage";
import { assertWebhookUrl } from "../webhooks/url-policy";
import type { StoredTaskRequest, TaskKind } from "./kind";
import { applyGatewayStatus, failTask } from "./lifecycle";
import { findTaskRow, setGatewayTask } from "./repository";

export type TaskStart = {
  model: Model;
  /** Kept on the row: the kind prices it now, and the runner resubmits from it after a crash. */
  request: StoredTaskRequest;
  callbackUrl?: string;
};

export type StartedTask = { id: string; object: "task"; type: TaskKind["type"]; status: "queued"; created_at: number };

export async function startTask(
  deps: ServerDeps,
  caller: { tenant: Tenant; userId: string | null; apiKeyId?: string | null },
  kind: TaskKind,
  start: TaskStart,
): Promise<StartedTask> {
  const tenantId = caller.tenant.id;
  // Credits held now and charged in full when the task succeeds; a bad price refuses before anything is taken.
  const cost = kind.price(start.model, start.request);
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

  const deadlineAt = kind.deadlineAt(start.model, deps.config, now);
  await acquireTaskSlot(deps, { tenantId, taskId, ttlMs: taskSlotTtlMs(deadlineAt.getTime(), now) });
  let holdId: string;
  try {
    holdId = (
      await holdCredits(
        { db: deps.db, now },
        {
          tenantId,
          holdId: deps.ids.make("hold"),
          amount: cost,
          requestId: taskId,
          spender: { apiKeyId: caller.apiKeyId ?? null, userId: caller.userId },
          model: start.model.id,
        },
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
      type: kind.type,
      model: start.model.id,
      provider: start.model.provider,
      status: "queued",
      request: start.request,
      holdId,
      heldCredits: cost,
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
    const status = await kind.submit(deps.gateway, { row, model: start.model, storage });
    await setGatewayTask(deps.db, taskId, status.gatewayTaskId, status.provider, status.sandbox);
    if (status.status !== "queued") await applyGatewayStatus(deps, (await findTaskRow(deps.db, taskId))!, status);
  } catch (err) {
    // No answer is not a refusal: the gateway writes its row before calling the provider, so it may be running the job.
    // The task stays queued without a gateway id; the runner resubmits it and the gateway finds that job by our task id.
    if (!isDefiniteRefusal(err)) {
      console.error(
        `[tasks] submitting ${taskId} got no definite answer; the runner resubmits it: ${err instanceof Error ? err.message : String(err)}`,
      );
      return { id: taskId, object: "task", type: kind.type, status: "queued", created_at: Math.floor(now / 1000) };
    }
    const error = { code: err.code, message: err.message };
    // The POST answers this error itself, so no webhook repeats it.
    await failTask(deps, row, error, { announce: false });
    throw new AppError(err.code, err.message, { task_id: taskId });
  }
  return { id: taskId, object: "task", type: kind.type, status: "queued", created_at: Math.floor(now / 1000) };
}

/** An error the gateway answered (a 4xx, or its provider's verdict) rather than a lost or garbled answer: gateway_unavailable covers those. */
function isDefiniteRefusal(err: unknown): err is AppError {
  return err instanceof AppError && err.code !== "gateway_unavailable";
}
