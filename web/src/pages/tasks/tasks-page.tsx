// Every task of the tenant: paginated, filtered by status and type, sorted by creation time; unfinished rows update live.
import { createResource, createSignal, For, Show } from "solid-js";
import { taskStatus, taskType, type Task, type TaskStatus, type TaskType } from "@waule/shared/tasks";
import { api } from "../../api/api";
import { locale, t } from "../../i18n/i18n";
import { ErrorMessage } from "../../ui/error-message";
import { TaskError, TaskProgress, TaskStatusBadge, TaskVideo } from "../../ui/task-status";
import { clampPage, pageCount, toggleOrder, type SortOrder } from "../history/paging";
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
  const [page, setPage] = createSignal(1);
  const [order, setOrder] = createSignal<SortOrder>("desc");
  const [status, setStatus] = createSignal<TaskStatus | "">("");
  const [type, setType] = createSignal<TaskType | "">("");
  const [tasks, { refetch }] = createResource(
    () => ({ page: page(), order: order(), status: status(), type: type() }),
    (q) => api.tasks({ page: q.page, limit: PAGE_SIZE, order: q.order, status: q.status || undefined, type: q.type || undefined }),
  );
  const total = () => (tasks.error ? 0 : tasks.latest?.total ?? 0);
  const pages = () => pageCount(total(), PAGE_SIZE);

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
              onChange={(e) => {
                setStatus(e.currentTarget.value as TaskStatus | "");
                setPage(1);
              }}
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
              onChange={(e) => {
                setType(e.currentTarget.value as TaskType | "");
                setPage(1);
              }}
            >
              <option value="">{t("tasks.typeAll")}</option>
              <For each={taskType.options}>{(s) => <option value={s}>{t(`task.type.${s}` as const)}</option>}</For>
            </select>
          </label>
          <button class="button" type="button" onClick={() => refetch()} disabled={tasks.loading}>
            {t("tasks.refresh")}
          </button>
        </div>
      </div>
      <ErrorMessage error={tasks.error} />
      <div class="card table-card">
        <table class="table" data-testid="tasks-table">
          <thead>
            <tr>
              <th>
                <button
                  type="button"
                  class="sort"
                  data-testid="tasks-sort"
                  title={order() === "desc" ? t("tasks.sortNewest") : t("tasks.sortOldest")}
                  onClick={() => {
                    setOrder(toggleOrder(order()));
                    setPage(1);
                  }}
                >
                  {t("tasks.created")} {order() === "desc" ? "↓" : "↑"}
                </button>
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
              each={tasks.error ? [] : tasks.latest?.data ?? []}
              fallback={
                <tr>
                  <td colSpan={7} class="muted center">
                    {tasks.loading ? t("common.loading") : t("tasks.empty")}
                  </td>
                </tr>
              }
            >
              {(task) => <TaskRow initial={task} onFinished={props.onCreditsChanged} />}
            </For>
          </tbody>
        </table>
      </div>
      <div class="pager">
        <button class="button" type="button" disabled={page() <= 1} onClick={() => setPage(clampPage(page() - 1, total(), PAGE_SIZE))}>
          {t("history.previous")}
        </button>
        <span class="muted">{t("tasks.page", { page: page(), pages: pages(), total: total() })}</span>
        <button class="button" type="button" disabled={page() >= pages()} onClick={() => setPage(clampPage(page() + 1, total(), PAGE_SIZE))}>
          {t("history.next")}
        </button>
      </div>
    </section>
  );
}
