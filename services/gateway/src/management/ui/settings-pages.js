// Platform OSS and sora proxy: forms over the sealed settings; stored secrets show masked and blank keeps them.
import { action, api, field, formValues, h, toast, when } from "./dom.js";
import { t } from "./i18n.js";

export async function ossPage(root) {
  const render = () => ossPage(root);
  const cur = await api("GET", "/platform-oss");
  const input = (name, attrs = {}) => h("input", { name, value: cur.configured ? (cur[name] ?? "") : "", ...attrs });
  const secret = (name) =>
    h("input", {
      name,
      type: "password",
      autocomplete: "off",
      placeholder: cur.configured ? `${cur[name]} — ${t("keepBlank")}` : "",
    });
  const form = h(
    "form",
    { class: "card inline", id: "oss-form" },
    field("endpoint", input("endpoint", { type: "url", required: true, size: 30 })),
    field("bucket", input("bucket", { required: true })),
    field("region", input("region", { placeholder: "us-east-1" })),
    field("accessKeyId", secret("accessKeyId")),
    field("secretAccessKey", secret("secretAccessKey")),
    field("publicBaseUrl", input("publicBaseUrl", { type: "url", size: 30 })),
    field(
      "forcePathStyle",
      h("input", { name: "forcePathStyle", type: "checkbox", checked: cur.configured ? cur.forcePathStyle : true }),
    ),
    h("button", { type: "submit", class: "primary" }, t("save")),
    h(
      "button",
      {
        type: "button",
        id: "oss-test",
        onclick: action(async () => {
          const r = await api("POST", "/platform-oss/test", ossBody(form));
          toast(r.ok ? `${t("testOk")} (${r.latencyMs} ms)` : `${t("testFailed")} [${r.step}]: ${r.error}`);
        }),
      },
      t("test"),
    ),
  );
  form.addEventListener(
    "submit",
    action(async () => {
      await api("PUT", "/platform-oss", ossBody(form));
      toast(t("saved"));
    }, render),
  );
  root.replaceChildren(
    h("p", { class: "muted" }, cur.configured ? `${t("updatedAt")}: ${when(cur.updatedAt)}` : t("notConfigured")),
    form,
  );
}

function ossBody(form) {
  const values = formValues(form);
  delete values.forcePathStyle;
  return { ...values, forcePathStyle: form.elements.forcePathStyle.checked };
}

export async function soraPage(root) {
  const render = () => soraPage(root);
  const cur = await api("GET", "/sora-proxy");
  const form = h(
    "form",
    { class: "card inline" },
    field(
      "baseUrl",
      h("input", { name: "baseUrl", type: "url", required: true, size: 40, value: cur.configured ? cur.baseUrl : "" }),
    ),
    field(
      "apiKey",
      h("input", {
        name: "apiKey",
        type: "password",
        autocomplete: "off",
        placeholder: cur.configured ? `${cur.apiKey} — ${t("keepBlank")}` : "",
      }),
    ),
    h("button", { type: "submit", class: "primary" }, t("save")),
  );
  form.addEventListener(
    "submit",
    action(async () => {
      await api("PUT", "/sora-proxy", formValues(form));
      toast(t("saved"));
    }, render),
  );
  root.replaceChildren(
    h("p", { class: "muted" }, cur.configured ? `${t("updatedAt")}: ${when(cur.updatedAt)}` : t("notConfigured")),
    form,
  );
}
