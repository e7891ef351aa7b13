// How a task's state looks everywhere: a coloured status badge, a progress bar, its error, and the finished video.

import type { Task } from "@waule/shared/tasks";
import { Show } from "solid-js";
import { locale, t } from "../i18n/i18n";

export function TaskStatusBadge(props: { task: Task }) {
  return (
    <span class={`status status-${props.task.status}`} data-testid="task-status" data-status={props.task.status}>
      {t(`task.status.${props.task.status}` as const)}
    </span>
  );
}

export function TaskProgress(props: { task: Task }) {
  return (
    <div
      class="progress"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={props.task.progress}
      data-testid="task-progress"
      classList={{ failed: props.task.status === "failed" || props.task.status === "canceled" }}
    >
      <div class="progress-fill" style={{ width: `${props.task.progress}%` }} />
      <span class="progress-label">{props.task.progress}%</span>
    </div>
  );
}

export function TaskError(props: { task: Task }) {
  return (
    <Show when={props.task.error}>
      {(error) => (
        <p class="task-error" role="alert" data-code={error().code}>
          {t("task.failed", { message: error().message })}
        </p>
      )}
    </Show>
  );
}

/** The first result file of a finished video task, playable in place. */
export function TaskVideo(props: { task: Task; compact?: boolean }) {
  const url = () =>
    props.task.status === "succeeded" ? (props.task.result?.files?.[0]?.url ?? props.task.result?.urls[0]) : undefined;
  return (
    <Show when={url()}>
      {(src) => (
        // biome-ignore lint/a11y/useMediaCaption: a generated video has no caption track; its prompt is shown beside it
        <video
          class="task-video"
          classList={{ compact: props.compact }}
          controls
          preload="auto"
          playsinline
          src={src()}
          data-testid="task-video"
        />
      )}
    </Show>
  );
}

/** A task card's first line: status, model and time, the live marker while its stream is open, and the cost once known. */
export function TaskCardHead(props: { task: Task; live: boolean }) {
  return (
    <header class="task-card-head">
      <TaskStatusBadge task={props.task} />
      <span class="muted small">
        {props.task.model} · {new Date(props.task.created_at * 1000).toLocaleTimeString(locale())}
      </span>
      <Show when={props.live}>
        <span class="live-dot" title={t("tasks.live")} />
      </Show>
      <Show when={props.task.credits !== null}>
        <span class="muted small task-credits">{t("task.credits", { credits: props.task.credits ?? 0 })}</span>
      </Show>
    </header>
  );
}
