// A just-accepted job as a task row, shown until the task's events stream sends its real state.
import type { Task, TaskType } from "@waule/shared/tasks";

export function queuedTask(
  accepted: { id: string; status: Task["status"]; created_at: number },
  model: string,
  type: TaskType,
): Task {
  return {
    id: accepted.id,
    object: "task",
    type,
    model,
    status: accepted.status,
    progress: 0,
    result: null,
    error: null,
    credits: null,
    created_at: accepted.created_at,
    updated_at: accepted.created_at,
    finished_at: null,
  };
}
