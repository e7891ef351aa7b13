// A task kept current from GET /tasks/:id/events (fetch + SSE with the JWT), reconnecting if the stream drops before the end.
import { createSignal, onCleanup, type Accessor } from "solid-js";
import { isTerminalStatus, type Task } from "@waule/shared/tasks";
import { api } from "../../api/api";

export type LiveTask = {
  task: Accessor<Task>;
  /** True while an events stream is open. */
  live: Accessor<boolean>;
};

const MAX_BACKOFF_MS = 15_000;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Must run inside a component: the stream closes when it unmounts. `onFinished` runs once, when the
 * task reaches a terminal state while being watched (not for one that was already finished).
 */
export function createLiveTask(initial: Task, onFinished?: (task: Task) => void): LiveTask {
  const [task, setTask] = createSignal(initial);
  const [live, setLive] = createSignal(false);
  if (isTerminalStatus(initial.status)) return { task, live };

  const abort = new AbortController();
  onCleanup(() => abort.abort());

  void (async () => {
    let failures = 0;
    while (!abort.signal.aborted && !isTerminalStatus(task().status)) {
      try {
        setLive(true);
        for await (const next of api.taskEvents(initial.id, abort.signal)) {
          setTask(next);
          failures = 0;
        }
      } catch {
        failures++;
      } finally {
        setLive(false);
      }
      if (abort.signal.aborted || isTerminalStatus(task().status)) break;
      // The stream ended early (server restart, proxy timeout): back off, then follow again from the current state.
      await sleep(Math.min(MAX_BACKOFF_MS, 500 * 2 ** failures), abort.signal);
    }
    if (!abort.signal.aborted && isTerminalStatus(task().status)) onFinished?.(task());
  })();

  return { task, live };
}
