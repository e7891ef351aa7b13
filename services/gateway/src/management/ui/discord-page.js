// Discord accounts for the Midjourney proxy: add, enable/disable, concurrency, delete.
import { action, api, field, formValues, h, table, toast } from "./dom.js";
import { t } from "./i18n.js";
import { pager } from "./keys-page.js";

const state = { page: 1 };

export async function discordPage(root) {
  const render = () => discordPage(root);
  const list = await api("GET", `/discord-accounts?page=${state.page}&limit=20`);
  const add = h(
    "form",
    { class: "card inline" },
    field("guildId", h("input", { name: "guildId", required: true, inputmode: "numeric" })),
    field("channelId", h("input", { name: "channelId", required: true, inputmode: "numeric" })),
    field("userToken", h("input", { name: "userToken", type: "password", required: true, autocomplete: "off" })),
    field("userAgent", h("input", { name: "userAgent" })),
    field("coreSize", h("input", { name: "coreSize", type: "number", min: 1, value: "3", class: "narrow" })),
    field("queueSize", h("input", { name: "queueSize", type: "number", min: 0, value: "10", class: "narrow" })),
    field("remark", h("input", { name: "remark" })),
    h("button", { type: "submit", class: "primary" }, t("add")),
  );
  add.addEventListener(
    "submit",
    action(async () => {
      await api("POST", "/discord-accounts", formValues(add, ["coreSize", "queueSize"]));
      toast(t("saved"));
    }, render),
  );

  const concurrency = (a) => {
    const core = h("input", {
      type: "number",
      min: 1,
      value: String(a.coreSize),
      class: "narrow",
      "aria-label": t("coreSize"),
    });
    const queue = h("input", {
      type: "number",
      min: 0,
      value: String(a.queueSize),
      class: "narrow",
      "aria-label": t("queueSize"),
    });
    const save = h(
      "button",
      {
        onclick: action(async () => {
          await api("PUT", `/discord-accounts/${a.id}/concurrency`, {
            coreSize: Number(core.value),
            queueSize: Number(queue.value),
          });
          toast(t("saved"));
        }, render),
      },
      t("save"),
    );
    return h("span", { class: "actions" }, core, queue, save);
  };
  const columns = [
    { label: "guildId", key: "guildId" },
    { label: "channelId", key: "channelId" },
    { label: "userToken", render: (a) => `…${a.tokenHint}` },
    {
      label: "status",
      render: (a) => h("span", { class: a.enabled ? "on" : "off" }, a.enabled ? t("enabled") : t("disabled")),
    },
    { label: "coreSize", render: concurrency },
    { label: "remark", key: "remark" },
    {
      label: "actions",
      class: "actions",
      render: (a) => [
        a.enabled
          ? h(
              "button",
              { onclick: action(() => api("POST", `/discord-accounts/${a.id}/disable`), render) },
              t("disable"),
            )
          : h(
              "button",
              { onclick: action(() => api("POST", `/discord-accounts/${a.id}/enable`), render) },
              t("enable"),
            ),
        h(
          "button",
          {
            class: "danger",
            onclick: action(async () => {
              if (confirm(t("confirmDelete"))) await api("DELETE", `/discord-accounts/${a.id}`);
            }, render),
          },
          t("delete"),
        ),
      ],
    },
  ];
  root.replaceChildren(add, h("div", { class: "card" }, table(columns, list.data), pager(list, render, state)));
}
