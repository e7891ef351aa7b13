// Task status changes fanned out to whoever streams that task's SSE, whichever server instance they reached.
import type { TaskEvent } from "@waule/shared/tasks";

export type TaskEventHandler = (event: TaskEvent) => void;

export interface TaskEventBus {
  publish(taskId: string, event: TaskEvent): Promise<void>;
  /**
   * Resolves once the subscription is live, so a route can subscribe first, then read the task row,
   * and miss no change in between. The returned function unsubscribes this handler only.
   */
  subscribe(taskId: string, handler: TaskEventHandler): Promise<() => void>;
}
