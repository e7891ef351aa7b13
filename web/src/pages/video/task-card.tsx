// One video task followed live: status, progress, cost, error, and the clip once it is ready.
import type { Task } from "@waule/shared/tasks";
import { TaskCardHead, TaskError, TaskProgress, TaskVideo } from "../../ui/task-status";
import { createLiveTask } from "../tasks/live-task";

export function TaskCard(props: { initial: Task; onFinished: (task: Task) => void }) {
  // The card follows one task for its whole life; a new initial value means a new card, not a new stream.
  const { task, live } = createLiveTask(props.initial, props.onFinished);
  return (
    <article class="card task-card" data-testid="task-card" data-task-id={task().id}>
      <TaskCardHead task={task()} live={live()} />
      <TaskProgress task={task()} />
      <TaskError task={task()} />
      <TaskVideo task={task()} />
    </article>
  );
}
