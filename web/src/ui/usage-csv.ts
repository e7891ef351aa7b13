// A usage series as CSV (one row per bucket, then per model and per tenant), downloaded by the browser.
import type { UsageSeries } from "@waule/shared/usage-series";

const cell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
const line = (cells: (string | number)[]) => cells.map(cell).join(",");

export function usageCsv(series: UsageSeries): string {
  return [
    line(["section", "key", "name", "calls", "credits"]),
    ...series.points.map((p) => line([series.bucket, p.at, "", p.calls, p.credits])),
    ...series.byModel.map((m) => line(["model", m.model, "", m.calls, m.credits])),
    ...series.byTenant.map((t) => line(["tenant", t.tenantId, t.tenantName, t.calls, t.credits])),
  ].join("\n");
}

export function downloadCsv(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([`${text}\n`], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
