// Every tenant's tasks, filtered by status and tenant, newest first.
import { createSignal, For } from "solid-js";
import { createPagedList } from "../../ui/paged-list";
import { adminApi } from "./admin-api";
import { at } from "./messages";
import { formatDate, PagedTable } from "./parts";

const LIMIT = 20;
const statuses = ["queued", "running", "succeeded", "failed", "canceled"] as const;

export function TasksScreen() {
  const [status, setStatus] = createSignal("");
  const [tenantId, setTenantId] = createSignal("");
  const paged = createPagedList({
    pageSize: LIMIT,
    query: () => ({ status: status() || undefined, tenantId: tenantId().trim() || undefined }),
    load: (q) => adminApi.tasks(q),
  });
  return (
    <section class="page">
      <h1>{at("tasks.title")}</h1>
      <div class="filters">
        <label class="field">
          <span>{at("tasks.status")}</span>
          <select
            name="status"
            value={status()}
            onChange={(e) => paged.refilter(() => setStatus(e.currentTarget.value))}
          >
            <option value="">{at("tasks.any")}</option>
            <For each={statuses}>{(s) => <option value={s}>{s}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span>{at("usage.tenant")}</span>
          <input
            name="tenantId"
            value={tenantId()}
            onChange={(e) => paged.refilter(() => setTenantId(e.currentTarget.value))}
          />
        </label>
      </div>
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
