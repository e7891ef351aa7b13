// GET /api/v1/tasks/:id/events: the task's current state, then each change, until it ends.

import { AppError } from "@waule/shared/errors";
import { eventTypeFor, isTerminalStatus, type Task, type TaskEvent } from "@waule/shared/tasks";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { TaskEventBus } from "./types";

export type TaskEventStreamOptions = {
  bus: TaskEventBus;
  taskId: string;
  /** Reads the task as the caller may see it (scoped to its tenant); null answers 404. */
  load: () => Promise<Task | null>;
  /** A comment line this often keeps proxies from closing an idle stream. */
  heartbeatMs?: number;
  /** Called once the stream has ended (task finished, client gone or write failed). */
  onEnd?: () => void;
};

/**
 * Subscribes before reading the row, so a change landing between the two is not lost; changes
 * older than what was already sent (by updated_at) are dropped, so progress never goes backwards.
 */
export async function streamTaskEvents(c: Context, opts: TaskEventStreamOptions): Promise<Response> {
  const queue: TaskEvent[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = await opts.bus.subscribe(opts.taskId, (event) => {
    queue.push(event);
    wake?.();
  });
  let current: Task | null;
  try {
    current = await opts.load();
  } catch (err) {
    unsubscribe();
    throw err;
  }
  if (!current) {
    unsubscribe();
    throw new AppError("not_found", `task ${opts.taskId} not found`);
  }
  const first = current;

  return streamSSE(c, async (stream) => {
    let done = false;
    const stop = () => {
      done = true;
      wake?.();
    };
    stream.onAbort(stop);
    const heartbeat = setInterval(() => void stream.write(": ping\n\n").catch(stop), opts.heartbeatMs ?? 15_000);
    try {
      let last = first;
      await stream.writeSSE({ event: eventTypeFor(first), data: JSON.stringify(first) });
      done ||= isTerminalStatus(first.status);
      while (!done) {
        const event = queue.shift();
        if (!event) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          continue;
        }
        if (event.task.updated_at < last.updated_at) continue;
        last = event.task;
        await stream.writeSSE({ event: event.type, data: JSON.stringify(event.task) });
        done = isTerminalStatus(event.task.status);
      }
    } finally {
      clearInterval(heartbeat);
      unsubscribe();
      opts.onEnd?.();
    }
  });
}
