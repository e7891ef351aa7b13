// 系统设置: site branding and announcement, default limits, default price group, features, and payment providers
// with their credentials. Secrets are never shown: an empty secret field keeps the stored one.
import type { SettingsPatchRequest, SettingsView } from "@waule/shared/settings";
import { createResource, createSignal, For, Show } from "solid-js";
import { createChangeRunner } from "../../ui/change-runner";
import { ErrorMessage } from "../../ui/error-message";
import { adminApi } from "./admin-api";
import { type AdminMessageKey, at } from "./messages";

type Kind = "text" | "longtext" | "count" | "int" | "bool" | "secret" | "mode";
type Field = { name: string; kind: Kind; label?: AdminMessageKey };
type Section = { key: keyof SettingsPatchRequest; title: AdminMessageKey | string; fields: Field[] };

const sections: Section[] = [
  {
    key: "site",
    title: "settings.site",
    fields: [
      { name: "name", kind: "text", label: "settings.siteName" },
      { name: "logoText", kind: "text", label: "settings.logoText" },
      { name: "announcement", kind: "longtext", label: "settings.announcement" },
    ],
  },
  {
    key: "limits",
    title: "settings.limits",
    fields: [
      { name: "tenantRpm", kind: "count", label: "settings.tenantRpm" },
      { name: "keyRpm", kind: "count", label: "settings.keyRpm" },
      { name: "maxConcurrentTasks", kind: "count", label: "settings.maxTasks" },
    ],
  },
  {
    key: "pricing",
    title: "settings.pricing",
    fields: [{ name: "defaultPriceGroup", kind: "text", label: "settings.pricing" }],
  },
  {
    key: "features",
    title: "settings.features",
    fields: [{ name: "midjourney", kind: "bool", label: "settings.midjourney" }],
  },
  {
    key: "payments",
    title: "settings.payments",
    fields: [
      { name: "publicBaseUrl", kind: "text", label: "settings.publicBaseUrl" },
      { name: "orderTtlMinutes", kind: "int", label: "settings.orderTtl" },
    ],
  },
  {
    key: "alipay",
    title: "Alipay / 支付宝",
    fields: [
      { name: "enabled", kind: "bool", label: "settings.enabled" },
      { name: "appId", kind: "text" },
      { name: "mode", kind: "mode" },
      { name: "gateway", kind: "text" },
      { name: "privateKey", kind: "secret" },
      { name: "alipayPublicKey", kind: "longtext" },
    ],
  },
  {
    key: "wechat",
    title: "WeChat Pay / 微信支付",
    fields: [
      { name: "enabled", kind: "bool", label: "settings.enabled" },
      { name: "mchid", kind: "text" },
      { name: "appid", kind: "text" },
      { name: "merchantSerialNo", kind: "text" },
      { name: "baseUrl", kind: "text" },
      { name: "privateKey", kind: "secret" },
      { name: "apiV3Key", kind: "secret" },
      { name: "platformPublicKey", kind: "longtext" },
      { name: "platformSerial", kind: "text" },
    ],
  },
  {
    key: "stripe",
    title: "Stripe",
    fields: [
      { name: "enabled", kind: "bool", label: "settings.enabled" },
      { name: "apiBase", kind: "text" },
      { name: "secretKey", kind: "secret" },
      { name: "webhookSecret", kind: "secret" },
    ],
  },
];

const storedValue = (view: SettingsView, section: Section, field: Field): unknown =>
  (view[section.key as keyof SettingsView] as Record<string, unknown>)[field.name];

/** The form's strings back into a patch: only fields that changed, nulls for emptied optional ones, secrets only when typed. */
function patchOf(view: SettingsView, edits: Record<string, string | boolean>): SettingsPatchRequest {
  const patch: Record<string, Record<string, unknown>> = {};
  for (const section of sections) {
    for (const field of section.fields) {
      const id = `${section.key}.${field.name}`;
      if (!(id in edits)) continue;
      const raw = edits[id];
      let value: unknown = raw;
      if (field.kind === "secret" && raw === "") continue;
      if (field.kind === "count") value = raw === "" ? null : Number(raw);
      if (field.kind === "int") value = Number(raw);
      if (
        (field.kind === "text" || field.kind === "longtext") &&
        raw === "" &&
        storedValue(view, section, field) === null
      )
        continue;
      if ((field.kind === "text" || field.kind === "longtext") && raw === "" && section.key !== "site") value = null;
      patch[section.key] = { ...patch[section.key], [field.name]: value };
    }
  }
  return patch as SettingsPatchRequest;
}

export function SettingsScreen() {
  const [settings, { mutate }] = createResource(() => adminApi.settings());
  const [edits, setEdits] = createSignal<Record<string, string | boolean>>({});
  const [saved, setSaved] = createSignal(false);
  const { error, run } = createChangeRunner(() => undefined);
  const edit = (id: string, value: string | boolean) => {
    setSaved(false);
    setEdits({ ...edits(), [id]: value });
  };
  const save = (view: SettingsView) =>
    run(async () => {
      mutate(await adminApi.patchSettings(patchOf(view, edits())));
      setEdits({});
      setSaved(true);
    });

  return (
    <section class="page">
      <h1>{at("settings.title")}</h1>
      <Show when={settings.error}>
        <ErrorMessage error={settings.error} />
      </Show>
      <Show when={!settings.error && settings.latest}>
        {(view) => (
          <form
            class="form"
            data-testid="settings-form"
            onSubmit={(e) => {
              e.preventDefault();
              void save(view());
            }}
          >
            <For each={sections}>
              {(section) => (
                <fieldset class="card" data-section={section.key}>
                  <legend>{section.title.includes(".") ? at(section.title as AdminMessageKey) : section.title}</legend>
                  <For each={section.fields}>
                    {(field) => {
                      const id = `${section.key}.${field.name}`;
                      const current = () => storedValue(view(), section, field);
                      const label = field.label ? at(field.label) : field.name;
                      if (field.kind === "bool")
                        return (
                          <label class="field inline">
                            <input
                              type="checkbox"
                              name={id}
                              checked={(edits()[id] as boolean | undefined) ?? Boolean(current())}
                              onChange={(e) => edit(id, e.currentTarget.checked)}
                            />
                            <span>{label}</span>
                          </label>
                        );
                      if (field.kind === "mode")
                        return (
                          <label class="field">
                            <span>{label}</span>
                            <select
                              name={id}
                              value={String(edits()[id] ?? current())}
                              onChange={(e) => edit(id, e.currentTarget.value)}
                            >
                              <option value="qr">QR (precreate)</option>
                              <option value="page">Page (page.pay)</option>
                            </select>
                          </label>
                        );
                      const shown = () =>
                        field.kind === "secret" ? String(edits()[id] ?? "") : String(edits()[id] ?? current() ?? "");
                      return (
                        <label class="field">
                          <span>
                            {label}
                            <Show when={field.kind === "secret" && current()}> — {at("settings.secretSet")}</Show>
                          </span>
                          <Show
                            when={field.kind === "longtext" || field.kind === "secret"}
                            fallback={
                              <input
                                name={id}
                                type={field.kind === "count" || field.kind === "int" ? "number" : "text"}
                                value={shown()}
                                onInput={(e) => edit(id, e.currentTarget.value)}
                              />
                            }
                          >
                            <textarea
                              name={id}
                              rows={field.kind === "secret" ? 2 : 3}
                              value={shown()}
                              onInput={(e) => edit(id, e.currentTarget.value)}
                            />
                          </Show>
                        </label>
                      );
                    }}
                  </For>
                </fieldset>
              )}
            </For>
            <ErrorMessage error={error()} />
            <Show when={saved()}>
              <p class="muted" data-testid="settings-saved">
                {at("settings.saved")}
              </p>
            </Show>
            <button class="button" type="submit">
              {at("common.save")}
            </button>
          </form>
        )}
      </Show>
    </section>
  );
}
