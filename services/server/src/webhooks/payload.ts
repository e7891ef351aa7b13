// The body a finished task is announced with; only terminal tasks are ever announced.
import { isTerminalStatus, type Task, type WebhookPayload } from "@waule/shared/tasks";

/** `eventId` should be derived from the task (e.g. `evt_<taskId>`) so a re-run after a crash sends the same id. */
export function webhookPayloadFor(task: Task, eventId: string, nowSeconds: number): WebhookPayload {
  if (!isTerminalStatus(task.status))
    throw new Error(`task ${task.id} is ${task.status}; only finished tasks are announced`);
  return {
    id: eventId,
    object: "event",
    type: `task.${task.status as "succeeded" | "failed" | "canceled"}`,
    created_at: Math.floor(nowSeconds),
    data: task,
  };
}
