// Overview: tenant counts, credits sold and not yet spent, today's billed calls, and the usage charts (every tenant,
// pickable by tenant and model).
import { createResource, Show } from "solid-js";
import { ErrorMessage } from "../../ui/error-message";
import { UsageCharts } from "../../ui/usage-charts";
import { adminApi } from "./admin-api";
import { at } from "./messages";
import { SetupHints } from "./setup-hints";

export function DashboardScreen() {
  const [data, { refetch }] = createResource(() => adminApi.dashboard());
  const [tenants] = createResource(() => adminApi.tenants({ page: 1, limit: 100 }));
  const [models] = createResource(() => adminApi.models());
  const tenantChoices = () =>
    (tenants.error ? [] : (tenants()?.data ?? [])).map((x) => ({ value: x.id, label: x.name }));
  const modelChoices = () =>
    (models.error ? [] : (models()?.data ?? [])).map((m) => ({ value: m.id, label: m.displayName || m.id }));
  return (
    <section class="page">
      <h1>{at("nav.dashboard")}</h1>
      <Show when={data.error}>
        <ErrorMessage error={data.error} />
        <button class="button" type="button" onClick={() => refetch()}>
          {at("common.retry")}
        </button>
      </Show>
      <Show when={!data.error && data()}>
        {(d) => (
          <div class="card table-card">
            <table class="table" data-testid="dashboard">
              <tbody>
                <tr>
                  <th>{at("dash.tenants")}</th>
                  <td class="num" data-testid="dash-tenants">
                    {d().tenants}
                  </td>
                </tr>
                <tr>
                  <th>{at("dash.activeTenants")}</th>
                  <td class="num">{d().activeTenants}</td>
                </tr>
                <tr>
                  <th>{at("dash.outstanding")}</th>
                  <td class="num" data-testid="dash-outstanding">
                    {d().creditsOutstanding}
                  </td>
                </tr>
                <tr>
                  <th>
                    {at("dash.todayCalls")} ({d().today.day})
                  </th>
                  <td class="num">{d().today.calls}</td>
                </tr>
                <tr>
                  <th>{at("dash.todayCredits")}</th>
                  <td class="num">{d().today.credits}</td>
                </tr>
              </tbody>
            </table>
          </div>
        )}
      </Show>
      <SetupHints />
      <UsageCharts load={adminApi.usageSeries} models={modelChoices()} tenants={tenantChoices()} csvName="usage" />
    </section>
  );
}
