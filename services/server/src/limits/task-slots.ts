// How many tasks a tenant may have unfinished at once: one slot per task, named by the task id, shared by every instance.
import { AppError } from "@waule/shared/errors";
import type { ServerDeps } from "../deps";

/** The lease of a slot taken without a deadline; it only matters if no instance ever releases it. */
export const TASK_SLOT_TTL_MS = 6 * 60 * 60 * 1000;
/** How long a slot outlives its task's deadline: the runner fails the task on its first pass after it. */
export const TASK_SLOT_DEADLINE_MARGIN_MS = 60 * 60 * 1000;

/** A lease that outlives the task's own deadline, however long the model allows. */
export function taskSlotTtlMs(deadlineAtMs: number, now: number): number {
  return Math.max(0, deadlineAtMs - now) + TASK_SLOT_DEADLINE_MARGIN_MS;
}
/** Tasks end when they end; this is a polite hint for a client, not a promise. */
export const TASK_SLOT_RETRY_AFTER_SECONDS = 10;

/** 429 rate_limited; the API's rate-limit middleware turns `retryAfterSeconds` into a Retry-After header. */
export class TaskSlotsFullError extends AppError {
  readonly retryAfterSeconds = TASK_SLOT_RETRY_AFTER_SECONDS;
  constructor(max: number) {
    super("rate_limited", `at most ${max} tasks may run at once for this tenant; retry when one has finished`);
  }
}

export type TaskSlot = { tenantId: string; taskId: string };
type SlotDeps = Pick<ServerDeps, "limits" | "config">;
/** Without a settings store (unit tests) the environment's MAX_CONCURRENT_TASKS decides. */
type AcquireDeps = SlotDeps & Partial<Pick<ServerDeps, "settings">>;

const keyOf = (tenantId: string) => `tasks:${tenantId}`;

/**
 * Call at submit, before holding credits; throws TaskSlotsFullError when the tenant is at
 * MAX_CONCURRENT_TASKS. Acquiring again for the same task id is a no-op renewal, so a retried submit is safe.
 * Whatever fails after this (hold refused, gateway down) must call releaseTaskSlot.
 */
export async function acquireTaskSlot(deps: AcquireDeps, slot: TaskSlot & { ttlMs?: number }): Promise<void> {
  const max = (await deps.settings?.get())?.limits.maxConcurrentTasks ?? deps.config.MAX_CONCURRENT_TASKS;
  if (max === 0) return;
  const taken = await deps.limits.concurrency.acquire(
    keyOf(slot.tenantId),
    max,
    slot.ttlMs ?? TASK_SLOT_TTL_MS,
    slot.taskId,
  );
  if (!taken.allowed) throw new TaskSlotsFullError(max);
}

/**
 * Call when the task reaches a terminal state, on whichever instance learns of it (callback, poller,
 * deadline sweep). Idempotent: releasing twice, or a slot never taken, is harmless.
 */
export async function releaseTaskSlot(deps: SlotDeps, slot: TaskSlot): Promise<void> {
  await deps.limits.concurrency.release({ key: keyOf(slot.tenantId), id: slot.taskId });
}
