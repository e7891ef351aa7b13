// What happens when a task moves: progress is published; an ending settles or releases the hold exactly once.
import type { TaskRow } from "@waule/db/server";
import { eventTypeFor, type InternalTaskStatus, type TaskError } from "@waule/shared/tasks";
import { releaseHold, settleHold } from "../billing/ledger";
import type { ServerDeps } from "../deps";
import { releaseTaskSlot } from "../limits/task-slots";
import { getTenant } from "../tenants/tenants";
import { taskKindOf } from "./kinds";
import { type Ending, endTask, recordProgress, toTask } from "./repository";

export type LifecycleDeps = Pick<ServerDeps, "db" | "clock" | "ids" | "events" | "limits" | "config">;

async function publish(deps: LifecycleDeps, row: TaskRow, progressed: boolean): Promise<void> {
  const task = toTask(row);
  // A lost event only delays an SSE client until the next change; it must never fail the transition.
  await deps.events
    .publish(row.id, { type: eventTypeFor(task, progressed), task })
    .catch((err) => console.error(`[tasks] publishing ${row.id} failed`, err));
}

/** Applies one gateway status to the task: progress, success (settle + usage) or failure (release). */
export async function applyGatewayStatus(deps: LifecycleDeps, row: TaskRow, status: InternalTaskStatus): Promise<void> {
  if (status.status === "queued" || status.status === "running") {
    const updated = await recordProgress(deps.db, row, status.status, status.progress, deps.clock.now());
    if (updated) await publish(deps, updated, updated.status === row.status);
    return;
  }
  if (status.status === "succeeded") {
    if (status.files.length === 0) {
      await endWith(deps, row, {
        status: "failed",
        error: { code: "upstream_unavailable", message: "the task finished without a result file" },
      });
      return;
    }
    // The price was fixed at submit (by the task's kind), so the whole hold is the charge.
    await endWith(deps, row, {
      status: "succeeded",
      files: status.files,
      chargedCredits: row.heldCredits,
      ...(status.buttons ? { buttons: status.buttons } : {}),
    });
    return;
  }
  await endWith(deps, row, {
    status: status.status,
    error: status.error ?? { code: "upstream_unavailable", message: "the task failed" },
  });
}

/** `announce: false` when the caller already hears of the failure (its submit answered the error). */
export function failTask(
  deps: LifecycleDeps,
  row: TaskRow,
  error: TaskError,
  opts: { announce?: boolean } = {},
): Promise<boolean> {
  return endWith(deps, row, { status: "failed", error }, opts.announce ?? true);
}

/** Returns whether this call ended the task (and so moved the money). */
async function endWith(deps: LifecycleDeps, row: TaskRow, ending: Ending, announce = true): Promise<boolean> {
  const tenant = await getTenant(deps.db, row.tenantId);
  const notify = announce && Boolean(row.callbackUrl ?? tenant.webhookUrl);
  const ended = await endTask(deps.db, row.id, ending, notify, deps.clock.now());
  if (!ended) return false;
  await closeHoldFor(deps, ended);
  await releaseTaskSlot(deps, { tenantId: row.tenantId, taskId: row.id }).catch((err) =>
    console.error(`[tasks] releasing the slot of ${row.id} failed`, err),
  );
  await publish(deps, ended, false);
  return true;
}

/**
 * Settles (succeeded) or releases (anything else) the task's hold. Safe to repeat: the ledger closes a
 * hold once, and the usage row is written only by the call whose settle closed it, so a process that
 * stopped after the transition is finished by the runner's repair pass without charging twice.
 */
export async function closeHoldFor(deps: LifecycleDeps, row: TaskRow): Promise<void> {
  const ledger = { db: deps.db, now: deps.clock.now() };
  if (row.status !== "succeeded") {
    await releaseHold(ledger, row.holdId);
    return;
  }
  const charged = row.chargedCredits ?? row.heldCredits;
  const { usage } = taskKindOf(row.type);
  await settleHold(ledger, row.holdId, charged, {
    id: deps.ids.make("use"),
    userId: row.userId,
    model: row.model,
    operation: usage.operation,
    requestId: row.id,
    metadata: {
      taskId: row.id,
      provider: row.provider,
      sandbox: row.sandbox,
      ...usage.metadata(row),
      fileKeys: row.result?.files.map((f) => f.key) ?? [],
    },
  });
}
