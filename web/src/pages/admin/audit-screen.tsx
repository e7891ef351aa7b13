// The audit trail: every operator write, newest first.
import { createResource, createSignal, For, Show } from "solid-js";
import { ErrorMessage } from "../../ui/error-message";
import { adminApi } from "./admin-api";
import { at } from "./messages";
import { formatDate, Pager } from "./parts";

const LIMIT = 30;

export function AuditScreen() {
  const [page, setPage] = createSignal(1);
  const [targetId, setTargetId] = createSignal("");
  const [list] = createResource(() => ({ page: page(), limit: LIMIT, targetId: targetId().trim() || undefined }), (q) => adminApi.audit(q));
  return (
    <section class="page">
      <h1>{at("audit.title")}</h1>
      <div class="filters">
        <label class="field"><span>{at("audit.target")}</span><input name="targetId" value={targetId()} onChange={(e) => (setTargetId(e.currentTarget.value), setPage(1))} /></label>
      </div>
      <Show when={list.error}><ErrorMessage error={list.error} /></Show>
      <div class="card table-card">
        <table class="table" data-testid="audit-table">
          <thead>
            <tr>
              <th>{at("audit.when")}</th>
              <th>{at("audit.who")}</th>
              <th>{at("audit.action")}</th>
              <th>{at("audit.target")}</th>
              <th>{at("audit.details")}</th>
            </tr>
          </thead>
          <tbody>
            <For each={list.error ? [] : list.latest?.data ?? []} fallback={<tr><td colSpan={5} class="muted center">{at("common.empty")}</td></tr>}>
              {(row) => (
                <tr>
                  <td>{formatDate(row.createdAt)}</td>
                  <td>{row.adminUsername}</td>
                  <td><code>{row.action}</code></td>
                  <td class="small">{row.targetType} {row.targetId ?? ""}</td>
                  <td class="small"><code>{row.details ? JSON.stringify(row.details) : ""}</code></td>
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
