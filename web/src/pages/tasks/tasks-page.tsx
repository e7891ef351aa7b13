// Every task of the tenant: paginated, filtered by status and type, sorted by creation time; unfinished rows update live.

import { type Task, type TaskStatus, type TaskType, taskStatus, taskType } from "@waule/shared/tasks";
import { createSignal, For, Show } from "solid-js";
import { api } from "../../api/api";
import { locale, t } from "../../i18n/i18n";
import { ErrorMessage } from "../../ui/error-message";
import { EmptyRow, Pager, SortButton } from "../../ui/list-parts";
import { createPagedList } from "../../ui/paged-list";
import { type SortOrder, toggleOrder } from "../../ui/paging";
import { TaskError, TaskProgress, TaskStatusBadge, TaskVideo } from "../../ui/task-status";
import { createLiveTask } from "./live-task";

const PAGE_SIZE = 10;

function TaskRow(props: { initial: Task; onFinished: () => void }) {
  const { task, live } = createLiveTask(props.initial, props.onFinished);
  return (
    <tr data-testid="task-row" data-task-id={task().id}>
      <td>{new Date(task().created_at * 1000).toLocaleString(locale())}</td>
      <td>{t(`task.type.${task().type}` as const)}</td>
      <td>{task().model}</td>
      <td>
        <div class="status-cell">
          <TaskStatusBadge task={task()} />
          <Show when={live()}>
            <span class="live-dot" title={t("tasks.live")} />
          </Show>
        </div>
      </td>
      <td class="progress-cell">
        <TaskProgress task={task()} />
        <TaskError task={task()} />
      </td>
      <td class="num">{task().credits ?? "—"}</td>
      <td>
        <TaskVideo task={task()} compact />
      </td>
    </tr>
  );
}

export function TasksPage(props: { onCreditsChanged: () => void }) {
  const [order, setOrder] = createSignal<SortOrder>("desc");
  const [status, setStatus] = createSignal<TaskStatus | "">("");
  const [type, setType] = createSignal<TaskType | "">("");
  const tasks = createPagedList({
    pageSize: PAGE_SIZE,
    query: () => ({ order: order(), status: status() || undefined, type: type() || undefined }),
    load: (q) => api.tasks(q),
  });

  return (
    <section class="page tasks">
      <div class="page-head">
        <h1>{t("tasks.title")}</h1>
        <div class="filters">
          <label class="field inline">
            <span>{t("tasks.status")}</span>
            <select
              name="status"
              value={status()}
              onChange={(e) => tasks.refilter(() => setStatus(e.currentTarget.value as TaskStatus | ""))}
            >
              <option value="">{t("tasks.statusAll")}</option>
              <For each={taskStatus.options}>{(s) => <option value={s}>{t(`task.status.${s}` as const)}</option>}</For>
            </select>
          </label>
          <label class="field inline">
            <span>{t("tasks.type")}</span>
            <select
              name="type"
              value={type()}
              onChange={(e) => tasks.refilter(() => setType(e.currentTarget.value as TaskType | ""))}
            >
              <option value="">{t("tasks.typeAll")}</option>
              <For each={taskType.options}>{(s) => <option value={s}>{t(`task.type.${s}` as const)}</option>}</For>
            </select>
          </label>
          <button class="button" type="button" onClick={() => tasks.refetch()} disabled={tasks.list.loading}>
            {t("tasks.refresh")}
          </button>
        </div>
      </div>
      <ErrorMessage error={tasks.list.error} />
      <div class="card table-card">
        <table class="table" data-testid="tasks-table">
          <thead>
            <tr>
              <th>
                <SortButton
                  order={order()}
                  onToggle={() => tasks.refilter(() => setOrder(toggleOrder(order())))}
                  label={t("tasks.created")}
                  title={order() === "desc" ? t("tasks.sortNewest") : t("tasks.sortOldest")}
                  testId="tasks-sort"
                />
              </th>
              <th>{t("tasks.type")}</th>
              <th>{t("tasks.model")}</th>
              <th>{t("tasks.status")}</th>
              <th>{t("tasks.progress")}</th>
              <th class="num">{t("tasks.credits")}</th>
              <th>{t("tasks.result")}</th>
            </tr>
          </thead>
          <tbody>
            <For
              each={tasks.rows()}
              fallback={<EmptyRow colSpan={7} loading={tasks.list.loading} text={t("tasks.empty")} />}
            >
              {(task) => <TaskRow initial={task} onFinished={props.onCreditsChanged} />}
            </For>
          </tbody>
        </table>
      </div>
      <Pager list={tasks} summary={(counts) => t("tasks.page", counts)} />
    </section>
  );
}
