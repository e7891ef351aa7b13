// Usage by UTC day, tenant and model over a date range (the last 7 days by default), narrowed by tenant and model
// picked by name.
import { createResource, For, Show } from "solid-js";
import { ErrorMessage } from "../../ui/error-message";
import { createFilters, FilterBar } from "../../ui/filter-bar";
import { adminApi } from "./admin-api";
import { at } from "./messages";

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function UsageScreen() {
  const [filter, setFilter] = createFilters({
    from: day(Date.now() - 6 * 86_400_000),
    to: day(Date.now()),
    tenantId: "",
    model: "",
  });
  const [tenants] = createResource(() => adminApi.tenants({ page: 1, limit: 100 }));
  const [models] = createResource(() => adminApi.models());
  const tenantChoices = () =>
    (tenants.error ? [] : (tenants()?.data ?? [])).map((x) => ({ value: x.id, label: x.name }));
  const modelChoices = () =>
    (models.error ? [] : (models()?.data ?? [])).map((m) => ({ value: m.id, label: m.displayName || m.id }));
  const [usage] = createResource(
    () => ({ ...filter(), tenantId: filter().tenantId || undefined, model: filter().model || undefined }),
    (q) => adminApi.usage(q),
  );
  return (
    <section class="page">
      <h1>{at("usage.title")}</h1>
      <FilterBar
        filters={[
          { kind: "date", name: "from", label: at("usage.from") },
          { kind: "date", name: "to", label: at("usage.to") },
          {
            kind: "select",
            name: "tenantId",
            label: at("usage.tenant"),
            all: at("usage.allTenants"),
            options: tenantChoices(),
          },
          {
            kind: "select",
            name: "model",
            label: at("usage.model"),
            all: at("usage.allModels"),
            options: modelChoices(),
          },
        ]}
        value={filter()}
        onChange={setFilter}
      />
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
