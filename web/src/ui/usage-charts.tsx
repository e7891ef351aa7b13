// Usage charts for the operator dashboard and a tenant's team page: a quick range (24 h / 7 d / 30 d), model and
// tenant pickers, credits and calls over time (line), by model and by tenant (bars), and a CSV export of what is shown.
import type { UsageRange, UsageSeries } from "@waule/shared/usage-series";
import { createResource, createSignal, For, Show } from "solid-js";
import { locale, t } from "../i18n/i18n";
import { type ChartOption, EChart } from "./echart";
import { ErrorMessage } from "./error-message";
import { createFilters, FilterBar } from "./filter-bar";
import type { Choice } from "./form-field";
import { downloadCsv, usageCsv } from "./usage-csv";

export type { Choice };
export type SeriesLoad = (q: { range: UsageRange; model?: string; tenantId?: string }) => Promise<UsageSeries>;

const ranges: UsageRange[] = ["24h", "7d", "30d"];

function timeLabel(iso: string, bucket: UsageSeries["bucket"]): string {
  const d = new Date(iso);
  return bucket === "hour"
    ? d.toLocaleTimeString(locale(), { hour: "2-digit", minute: "2-digit" })
    : d.toLocaleDateString(locale(), { month: "2-digit", day: "2-digit" });
}

function overTime(s: UsageSeries): ChartOption {
  return {
    tooltip: { trigger: "axis" },
    legend: { data: [t("charts.credits"), t("charts.calls")] },
    grid: { left: 48, right: 48, top: 36, bottom: 28 },
    xAxis: { type: "category", data: s.points.map((p) => timeLabel(p.at, s.bucket)) },
    yAxis: [
      { type: "value", name: t("charts.credits"), minInterval: 1 },
      { type: "value", name: t("charts.calls"), minInterval: 1 },
    ],
    series: [
      { name: t("charts.credits"), type: "line", data: s.points.map((p) => p.credits), smooth: true },
      { name: t("charts.calls"), type: "line", yAxisIndex: 1, data: s.points.map((p) => p.calls) },
    ],
  };
}

function bars(names: string[], credits: number[], calls: number[]): ChartOption {
  return {
    tooltip: { trigger: "axis" },
    legend: { data: [t("charts.credits"), t("charts.calls")] },
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    xAxis: { type: "category", data: names },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: t("charts.credits"), type: "bar", data: credits },
      { name: t("charts.calls"), type: "bar", data: calls },
    ],
  };
}

export function UsageCharts(props: { load: SeriesLoad; models: Choice[]; tenants?: Choice[]; csvName: string }) {
  const [range, setRange] = createSignal<UsageRange>("7d");
  const [filter, setFilter] = createFilters({ chartModel: "", chartTenant: "" });
  const [series] = createResource(
    () => ({ range: range(), model: filter().chartModel || undefined, tenantId: filter().chartTenant || undefined }),
    (q) => props.load(q),
  );
  const shown = () => (series.error ? undefined : series.latest);
  const modelName = (id: string) => props.models.find((m) => m.value === id)?.label ?? id;
  return (
    <div class="card usage-charts" data-testid="usage-charts">
      <FilterBar
        inline
        before={
          <fieldset class="tabs range-picker" aria-label={t("charts.range")}>
            <For each={ranges}>
              {(r) => (
                <button
                  type="button"
                  class="button"
                  classList={{ primary: range() === r }}
                  data-testid={`range-${r}`}
                  aria-pressed={range() === r}
                  onClick={() => setRange(r)}
                >
                  {t(`charts.range.${r}` as const)}
                </button>
              )}
            </For>
          </fieldset>
        }
        filters={[
          {
            kind: "select",
            name: "chartModel",
            label: t("history.model"),
            all: t("history.allModels"),
            options: props.models,
          },
          !!props.tenants && {
            kind: "select",
            name: "chartTenant",
            label: t("charts.tenant"),
            all: t("charts.allTenants"),
            options: props.tenants,
          },
        ]}
        value={filter()}
        onChange={setFilter}
      >
        <button
          type="button"
          class="button"
          data-testid="usage-csv"
          disabled={!shown()}
          onClick={() => {
            const s = shown();
            if (s) downloadCsv(`${props.csvName}-${s.range}.csv`, usageCsv(s));
          }}
        >
          {t("charts.csv")}
        </button>
      </FilterBar>
      <ErrorMessage error={series.error} />
      <Show when={shown()}>
        {(s) => (
          <>
            <p class="muted small" data-testid="usage-totals">
              {t("charts.totals", {
                credits: s().points.reduce((n, p) => n + p.credits, 0),
                calls: s().points.reduce((n, p) => n + p.calls, 0),
              })}
            </p>
            <h3>{t("charts.overTime")}</h3>
            <EChart option={overTime(s())} testId="chart-over-time" />
            <div class="chart-pair">
              <div>
                <h3>{t("charts.byModel")}</h3>
                <EChart
                  option={bars(
                    s().byModel.map((m) => modelName(m.model)),
                    s().byModel.map((m) => m.credits),
                    s().byModel.map((m) => m.calls),
                  )}
                  testId="chart-by-model"
                />
              </div>
              <Show when={props.tenants}>
                <div>
                  <h3>{t("charts.byTenant")}</h3>
                  <EChart
                    option={bars(
                      s().byTenant.map((x) => x.tenantName),
                      s().byTenant.map((x) => x.credits),
                      s().byTenant.map((x) => x.calls),
                    )}
                    testId="chart-by-tenant"
                  />
                </div>
              </Show>
            </div>
          </>
        )}
      </Show>
    </div>
  );
}
