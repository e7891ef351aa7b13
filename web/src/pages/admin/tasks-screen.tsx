// Every tenant's tasks, filtered by status and tenant, newest first.
import { createFilters, FilterBar } from "../../ui/filter-bar";
import { createPagedList } from "../../ui/paged-list";
import { adminApi } from "./admin-api";
import { at } from "./messages";
import { formatDate, PagedTable } from "./parts";

const LIMIT = 20;
const statusChoices = ["queued", "running", "succeeded", "failed", "canceled"].map((s) => ({ value: s, label: s }));

export function TasksScreen() {
  const [filter, setFilter] = createFilters({ status: "", tenantId: "" });
  const paged = createPagedList({
    pageSize: LIMIT,
    query: () => ({ status: filter().status || undefined, tenantId: filter().tenantId.trim() || undefined }),
    load: (q) => adminApi.tasks(q),
  });
  return (
    <section class="page">
      <h1>{at("tasks.title")}</h1>
      <FilterBar
        filters={[
          { kind: "select", name: "status", label: at("tasks.status"), all: at("tasks.any"), options: statusChoices },
          { kind: "text", name: "tenantId", label: at("usage.tenant") },
        ]}
        value={filter()}
        onChange={(patch) => paged.refilter(() => setFilter(patch))}
      />
      <PagedTable
        paged={paged}
        testId="admin-tasks"
        columns={10}
        head={
          <>
            <th>ID</th>
            <th>{at("tenants.name")}</th>
            <th>{at("tasks.type")}</th>
            <th>{at("usage.model")}</th>
            <th>{at("tasks.status")}</th>
            <th class="num">{at("tasks.progress")}</th>
            <th class="num">{at("tasks.held")}</th>
            <th class="num">{at("tasks.charged")}</th>
            <th>{at("common.created")}</th>
            <th>{at("tasks.error")}</th>
          </>
        }
      >
        {(task) => (
          <tr>
            <td class="small">{task.id}</td>
            <td>{task.tenantName}</td>
            <td>{task.type}</td>
            <td>{task.model}</td>
            <td>
              <span class={`status status-${task.status}`}>{task.status}</span>
            </td>
            <td class="num">{task.progress}%</td>
            <td class="num">{task.heldCredits}</td>
            <td class="num">{task.chargedCredits ?? "—"}</td>
            <td>{formatDate(task.createdAt)}</td>
            <td class="small">{task.error ? `${task.error.code}: ${task.error.message}` : ""}</td>
          </tr>
        )}
      </PagedTable>
    </section>
  );
}
