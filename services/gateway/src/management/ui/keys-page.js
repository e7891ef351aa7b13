// Provider keys: list with counters, add, test, enable/disable, delete.
import { action, api, field, formValues, h, table, toast, when } from "./dom.js";
import { t } from "./i18n.js";

const state = { page: 1, provider: "" };

function providerSelect(providers, value, withAll) {
  return h(
    "select",
    { name: "provider", required: !withAll },
    withAll ? h("option", { value: "" }, t("allProviders")) : null,
    providers.map((p) => h("option", { value: p, selected: p === value }, p)),
  );
}

// The last test-call's result (status, when, message), as the gateway stored it: it is still there after a reload.
function lastTest(k) {
  const r = k.lastTest;
  if (!r) return h("span", { class: "muted", "data-test-result": "none" }, t("neverTested"));
  return h(
    "span",
    { class: r.ok ? "on" : "off", "data-test-result": r.ok ? "ok" : "failed", title: r.message },
    `${r.ok ? t("testOk") : t("testFailed")} · ${when(r.testedAt)}${r.message ? ` · ${r.message}` : ""}`,
  );
}

export async function keysPage(root) {
  const render = () => keysPage(root);
  const q = new URLSearchParams({ page: String(state.page), limit: "20" });
  if (state.provider) q.set("provider", state.provider);
  const [list, providers] = await Promise.all([api("GET", `/provider-keys?${q}`), api("GET", "/providers")]);

  const add = h(
    "form",
    { class: "card inline", id: "add-key" },
    field("provider", providerSelect(providers.data, "", false)),
    field("name", h("input", { name: "name", required: true })),
    field("secret", h("input", { name: "secret", type: "password", required: true, autocomplete: "off" })),
    field("baseUrl", h("input", { name: "baseUrl", type: "url", placeholder: "https://…" })),
    field("weight", h("input", { name: "weight", type: "number", min: 1, value: "1", class: "narrow" })),
    h("button", { type: "submit", class: "primary" }, t("add")),
  );
  add.addEventListener(
    "submit",
    action(async () => {
      await api("POST", "/provider-keys", formValues(add, ["weight"]));
      toast(t("saved"));
    }, render),
  );

  const filter = h(
    "form",
    { class: "inline" },
    field("provider", providerSelect(providers.data, state.provider, true)),
    h("button", { type: "submit" }, t("filter")),
  );
  filter.addEventListener(
    "submit",
    action(() => {
      state.provider = new FormData(filter).get("provider").trim();
      state.page = 1;
    }, render),
  );

  const columns = [
    { label: "provider", key: "provider" },
    { label: "name", key: "name" },
    { label: "hint", render: (k) => `…${k.hint}` },
    { label: "weight", key: "weight" },
    {
      label: "status",
      render: (k) =>
        h(
          "span",
          { class: k.enabled ? "on" : "off", title: k.disabledReason ?? "" },
          k.enabled ? t("enabled") : `${t("disabled")}${k.disabledReason ? `: ${k.disabledReason}` : ""}`,
        ),
    },
    { label: "requests", key: "requests" },
    { label: "failures", render: (k) => `${k.failures} (${k.consecutiveFailures})` },
    { label: "lastError", render: (k) => h("span", { class: "muted" }, k.lastError ?? "") },
    { label: "lastUsedAt", render: (k) => when(k.lastUsedAt) },
    { label: "lastTest", render: lastTest },
    {
      label: "cooldownUntil",
      render: (k) => (k.cooldownUntil && Date.parse(k.cooldownUntil) > Date.now() ? when(k.cooldownUntil) : ""),
    },
    {
      label: "actions",
      class: "actions",
      render: (k) => [
        h(
          "button",
          {
            onclick: action(async () => {
              const r = await api("POST", `/provider-keys/${k.id}/test`);
              const message = r.ok ? `${r.latencyMs} ms` : r.error.message;
              toast(r.ok ? `${t("testOk")} (${message})` : `${t("testFailed")}: ${message}`);
            }, render),
          },
          t("test"),
        ),
        k.enabled
          ? h("button", { onclick: action(() => api("POST", `/provider-keys/${k.id}/disable`), render) }, t("disable"))
          : h("button", { onclick: action(() => api("POST", `/provider-keys/${k.id}/enable`), render) }, t("enable")),
        h(
          "button",
          {
            class: "danger",
            onclick: action(async () => {
              if (confirm(`${t("confirmDelete")} ${k.name}`)) await api("DELETE", `/provider-keys/${k.id}`);
            }, render),
          },
          t("delete"),
        ),
      ],
    },
  ];
  root.replaceChildren(add, h("div", { class: "card" }, filter, table(columns, list.data), pager(list, render)));
}

export function pager(list, render, target = state) {
  const pages = Math.max(1, Math.ceil(list.total / list.limit));
  return h(
    "div",
    { class: "pager" },
    h(
      "button",
      {
        disabled: list.page <= 1,
        onclick: action(() => {
          target.page -= 1;
        }, render),
      },
      t("prev"),
    ),
    h("span", { class: "muted" }, `${list.page} / ${pages} · ${t("total")} ${list.total}`),
    h(
      "button",
      {
        disabled: list.page >= pages,
        onclick: action(() => {
          target.page += 1;
        }, render),
      },
      t("next"),
    ),
  );
}
