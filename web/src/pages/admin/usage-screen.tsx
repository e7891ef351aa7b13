// Usage by UTC day, tenant and model over a date range (the last 7 days by default), narrowed by tenant and model
// picked by name.
import { createResource, createSignal, For, Show } from "solid-js";
import { ErrorMessage } from "../../ui/error-message";
import { adminApi } from "./admin-api";
import { at } from "./messages";

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function UsageScreen() {
  const [from, setFrom] = createSignal(day(Date.now() - 6 * 86_400_000));
  const [to, setTo] = createSignal(day(Date.now()));
  const [tenantId, setTenantId] = createSignal("");
  const [model, setModel] = createSignal("");
  const [tenants] = createResource(() => adminApi.tenants({ page: 1, limit: 100 }));
  const [models] = createResource(() => adminApi.models());
  const [usage] = createResource(
    () => ({ from: from(), to: to(), tenantId: tenantId() || undefined, model: model() || undefined }),
    (q) => adminApi.usage(q),
  );
  return (
    <section class="page">
      <h1>{at("usage.title")}</h1>
      <div class="filters">
        <label class="field">
          <span>{at("usage.from")}</span>
          <input type="date" name="from" value={from()} onChange={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{at("usage.to")}</span>
          <input type="date" name="to" value={to()} onChange={(e) => setTo(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{at("usage.tenant")}</span>
          <select name="tenantId" value={tenantId()} onChange={(e) => setTenantId(e.currentTarget.value)}>
            <option value="">{at("usage.allTenants")}</option>
            <For each={tenants.error ? [] : (tenants()?.data ?? [])}>
              {(x) => <option value={x.id}>{x.name}</option>}
            </For>
          </select>
        </label>
        <label class="field">
          <span>{at("usage.model")}</span>
          <select name="model" value={model()} onChange={(e) => setModel(e.currentTarget.value)}>
            <option value="">{at("usage.allModels")}</option>
            <For each={models.error ? [] : (models()?.data ?? [])}>
              {(m) => <option value={m.id}>{m.displayName || m.id}</option>}
            </For>
          </select>
        </label>
      </div>
      <Show when={usage.error}>
        <ErrorMessage error={usage.error} />
      </Show>
      <div class="card table-card">
        <table class="table" data-testid="usage-summary">
          <thead>
            <tr>
              <th>{at("usage.day")}</th>
              <th>{at("tenants.name")}</th>
              <th>{at("usage.model")}</th>
              <th class="num">{at("usage.calls")}</th>
              <th class="num">{at("usage.credits")}</th>
            </tr>
          </thead>
          <tbody>
            <For
              each={usage.error ? [] : (usage.latest?.data ?? [])}
              fallback={
                <tr>
                  <td colSpan={5} class="muted center">
                    {at("common.empty")}
                  </td>
                </tr>
              }
            >
              {(row) => (
                <tr>
                  <td>{row.day}</td>
                  <td>
                    {row.tenantName} <span class="muted small">{row.tenantId}</span>
                  </td>
                  <td>{row.model}</td>
                  <td class="num">{row.calls}</td>
                  <td class="num">{row.credits}</td>
                </tr>
              )}
            </For>
          </tbody>
          <Show when={!usage.error && usage.latest}>
            {(u) => (
              <tfoot>
                <tr>
                  <th colSpan={3}>{at("usage.total")}</th>
                  <th class="num">{u().totals.calls}</th>
                  <th class="num">{u().totals.credits}</th>
                </tr>
              </tfoot>
            )}
          </Show>
        </table>
      </div>
    </section>
  );
}
