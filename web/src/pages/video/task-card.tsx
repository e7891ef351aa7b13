// One video task followed live: status, progress, cost, error, and the clip once it is ready.
import { Show } from "solid-js";
import type { Task } from "@waule/shared/tasks";
import { locale, t } from "../../i18n/i18n";
import { TaskError, TaskProgress, TaskStatusBadge, TaskVideo } from "../../ui/task-status";
import { createLiveTask } from "../tasks/live-task";

export function TaskCard(props: { initial: Task; onFinished: (task: Task) => void }) {
  // The card follows one task for its whole life; a new initial value means a new card, not a new stream.
  const { task, live } = createLiveTask(props.initial, props.onFinished);
  return (
    <article class="card task-card" data-testid="task-card" data-task-id={task().id}>
      <header class="task-card-head">
        <TaskStatusBadge task={task()} />
        <span class="muted small">
          {task().model} · {new Date(task().created_at * 1000).toLocaleTimeString(locale())}
        </span>
        <Show when={live()}>
          <span class="live-dot" title={t("tasks.live")} />
        </Show>
        <Show when={task().credits !== null}>
          <span class="muted small task-credits">{t("task.credits", { credits: task().credits ?? 0 })}</span>
        </Show>
      </header>
      <TaskProgress task={task()} />
      <TaskError task={task()} />
      <TaskVideo task={task()} />
    </article>
  );
}
