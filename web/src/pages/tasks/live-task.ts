// A task kept current in a component from GET /tasks/:id/events (fetch + SSE with the JWT), until it ends or the component unmounts.

import { isTerminalStatus, type Task } from "@waule/shared/tasks";
import { type Accessor, createSignal, onCleanup } from "solid-js";
import { api } from "../../api/api";
import { followTask } from "./follow-task";

export type LiveTask = {
  task: Accessor<Task>;
  /** True while an events stream is open. */
  live: Accessor<boolean>;
};

/** `onFinished` runs once, when the task ends while watched (not for one that was already finished). */
export function createLiveTask(initial: Task, onFinished?: (task: Task) => void): LiveTask {
  const [task, setTask] = createSignal(initial);
  const [live, setLive] = createSignal(false);
  if (isTerminalStatus(initial.status)) return { task, live };

  const abort = new AbortController();
  onCleanup(() => abort.abort());
  void followTask(initial, {
    events: api.taskEvents,
    onUpdate: setTask,
    onConnected: setLive,
    signal: abort.signal,
  }).then((done) => {
    if (done) onFinished?.(done);
  });
  return { task, live };
}
