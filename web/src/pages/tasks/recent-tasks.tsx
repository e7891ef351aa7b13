// The task pages' right-hand list: tasks submitted on this page, newest first, ahead of the recent ones of that type the API lists.

import type { Task, TaskType } from "@waule/shared/tasks";
import { createResource, createSignal, For, type JSX } from "solid-js";
import { api } from "../../api/api";
import { t } from "../../i18n/i18n";
import { AppLink } from "../../ui/app-link";
import { ErrorMessage } from "../../ui/error-message";

const RECENT = 6;

export function createRecentTasks(type: TaskType) {
  const [submitted, setSubmitted] = createSignal<Task[]>([]);
  const [recent] = createResource(() => api.tasks({ page: 1, limit: RECENT, order: "desc", type }).then((p) => p.data));
  const shown = () => {
    const mine = submitted();
    const ids = new Set(mine.map((task) => task.id));
    return [...mine, ...(recent.error ? [] : (recent() ?? [])).filter((task) => !ids.has(task.id))].slice(
      0,
      Math.max(RECENT, mine.length),
    );
  };
  return { recent, shown, add: (task: Task) => setSubmitted((list) => [task, ...list]) };
}

export type RecentTasks = ReturnType<typeof createRecentTasks>;

export function RecentTasksPanel(props: {
  title: string;
  emptyText: string;
  tasks: RecentTasks;
  children: (task: Task) => JSX.Element;
}) {
  return (
    <div class="results">
      <div class="section-head">
        <h2>{props.title}</h2>
        <AppLink to="/tasks" class="link">
          {t("video.allTasks")}
        </AppLink>
      </div>
      <ErrorMessage error={props.tasks.recent.error} />
      <div class="task-list">
        <For
          each={props.tasks.shown()}
          fallback={<div class="card empty">{props.tasks.recent.loading ? t("common.loading") : props.emptyText}</div>}
        >
          {(task) => props.children(task)}
        </For>
      </div>
    </div>
  );
}
