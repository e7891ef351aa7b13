// Every task of the tenant: paginated, filtered by status and type, sorted by creation time; unfinished rows update live.

import { type Task, type TaskStatus, type TaskType, taskStatus, taskType } from "@waule/shared/tasks";
import { createSignal, For, Show } from "solid-js";
import { api } from "../../api/api";
import { locale, t } from "../../i18n/i18n";
import { ErrorMessage } from "../../ui/error-message";
import { createFilters, FilterBar } from "../../ui/filter-bar";
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

const statusChoices = () => taskStatus.options.map((s) => ({ value: s, label: t(`task.status.${s}` as const) }));
const typeChoices = () => taskType.options.map((s) => ({ value: s, label: t(`task.type.${s}` as const) }));

export function TasksPage(props: { onCreditsChanged: () => void }) {
  const [order, setOrder] = createSignal<SortOrder>("desc");
  const [filter, setFilter] = createFilters({ status: "", type: "" });
  const tasks = createPagedList({
    pageSize: PAGE_SIZE,
    query: () => ({
      order: order(),
      status: (filter().status || undefined) as TaskStatus | undefined,
      type: (filter().type || undefined) as TaskType | undefined,
    }),
    load: (q) => api.tasks(q),
  });

  return (
    <section class="page tasks">
      <div class="page-head">
        <h1>{t("tasks.title")}</h1>
        <FilterBar
          inline
          filters={[
            {
              kind: "select",
              name: "status",
              label: t("tasks.status"),
              all: t("tasks.statusAll"),
              options: statusChoices(),
            },
            { kind: "select", name: "type", label: t("tasks.type"), all: t("tasks.typeAll"), options: typeChoices() },
          ]}
          value={filter()}
          onChange={(patch) => tasks.refilter(() => setFilter(patch))}
        >
          <button class="button" type="button" onClick={() => tasks.refetch()} disabled={tasks.list.loading}>
            {t("tasks.refresh")}
          </button>
        </FilterBar>
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
