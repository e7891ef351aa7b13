// Usage per day, provider and key, from the gateway's request log.
import { action, api, field, formValues, h, table } from "./dom.js";
import { t } from "./i18n.js";

const state = {};

export async function usagePage(root) {
  const render = () => usagePage(root);
  const report = await api("GET", `/usage?${new URLSearchParams(state)}`);
  const form = h(
    "form",
    { class: "card inline" },
    field("from", h("input", { name: "from", type: "date", value: report.from })),
    field("to", h("input", { name: "to", type: "date", value: report.to })),
    field("provider", h("input", { name: "provider", value: state.provider ?? "", size: 12 })),
    h("button", { type: "submit" }, t("query")),
  );
  form.addEventListener(
    "submit",
    action(() => {
      for (const k of Object.keys(state)) delete state[k];
      Object.assign(state, formValues(form));
    }, render),
  );
  const columns = [
    { label: "day", key: "day" },
    { label: "provider", key: "provider" },
    { label: "key", render: (r) => r.keyName ?? r.keyId ?? "—" },
    { label: "requests", key: "requests" },
    { label: "errors", key: "errors" },
    { label: "avgLatency", key: "avgLatencyMs" },
  ];
  root.replaceChildren(
    form,
    h(
      "div",
      { class: "card" },
      table(columns, report.data),
      h(
        "p",
        { class: "muted" },
        `${t("total")}: ${t("requests")} ${report.totals.requests} · ${t("errors")} ${report.totals.errors}`,
      ),
    ),
  );
}
