// Every tenant's tasks, filtered by status and tenant, newest first.
import { createResource, createSignal, For, Show } from "solid-js";
import { ErrorMessage } from "../../ui/error-message";
import { adminApi } from "./admin-api";
import { at } from "./messages";
import { formatDate, Pager } from "./parts";

const LIMIT = 20;
const statuses = ["queued", "running", "succeeded", "failed", "canceled"] as const;

export function TasksScreen() {
  const [status, setStatus] = createSignal("");
  const [tenantId, setTenantId] = createSignal("");
  const [page, setPage] = createSignal(1);
  const [list] = createResource(
    () => ({ status: status() || undefined, tenantId: tenantId().trim() || undefined, page: page(), limit: LIMIT }),
    (q) => adminApi.tasks(q),
  );
  return (
    <section class="page">
      <h1>{at("tasks.title")}</h1>
      <div class="filters">
        <label class="field">
          <span>{at("tasks.status")}</span>
          <select name="status" value={status()} onChange={(e) => (setStatus(e.currentTarget.value), setPage(1))}>
            <option value="">{at("tasks.any")}</option>
            <For each={statuses}>{(s) => <option value={s}>{s}</option>}</For>
          </select>
        </label>
        <label class="field"><span>{at("usage.tenant")}</span><input name="tenantId" value={tenantId()} onChange={(e) => (setTenantId(e.currentTarget.value), setPage(1))} /></label>
      </div>
      <Show when={list.error}><ErrorMessage error={list.error} /></Show>
      <div class="card table-card">
        <table class="table" data-testid="admin-tasks">
          <thead>
            <tr>
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
            </tr>
          </thead>
          <tbody>
            <For each={list.error ? [] : list.latest?.data ?? []} fallback={<tr><td colSpan={10} class="muted center">{at("common.empty")}</td></tr>}>
              {(task) => (
                <tr>
                  <td class="small">{task.id}</td>
                  <td>{task.tenantName}</td>
                  <td>{task.type}</td>
                  <td>{task.model}</td>
                  <td><span class={`status status-${task.status}`}>{task.status}</span></td>
                  <td class="num">{task.progress}%</td>
                  <td class="num">{task.heldCredits}</td>
                  <td class="num">{task.chargedCredits ?? "—"}</td>
                  <td>{formatDate(task.createdAt)}</td>
                  <td class="small">{task.error ? `${task.error.code}: ${task.error.message}` : ""}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Pager page={page()} limit={LIMIT} total={list.error ? 0 : list.latest?.total ?? 0} onPage={setPage} />
    </section>
  );
}
