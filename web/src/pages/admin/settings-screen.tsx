// 系统设置: site branding and announcement, default limits, default price group, features, and payment providers
// with their credentials. Secrets are never shown: an empty secret field keeps the stored one.
import type { SettingsPatchRequest, SettingsView } from "@waule/shared/settings";
import { createResource, createSignal, For, Show } from "solid-js";
import { createChangeRunner } from "../../ui/change-runner";
import { ErrorMessage } from "../../ui/error-message";
import { createFormErrors } from "../../ui/form-errors";
import { adminApi } from "./admin-api";
import { type AdminMessageKey, at } from "./messages";
import { type Field, SettingField } from "./setting-field";

type Section = { key: keyof SettingsPatchRequest; title: AdminMessageKey | string; fields: Field[] };

// A provider's credentials are named as its own API names them, so their labels are those names.
const text = (name: string): Field => ({ name, kind: "text" });
const longText = (name: string): Field => ({ name, kind: "longtext" });
const secret = (name: string): Field => ({ name, kind: "secret" });
const provider = (key: Section["key"], title: string, fields: Field[]): Section => ({
  key,
  title,
  fields: [{ name: "enabled", kind: "bool", label: "settings.enabled" }, ...fields],
});

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
  // One block per payment provider, each its switch and then its own credentials.
  provider("alipay", "Alipay / 支付宝", [
    text("appId"),
    { name: "mode", kind: "mode" },
    text("gateway"),
    secret("privateKey"),
    longText("alipayPublicKey"),
  ]),
  provider("wechat", "WeChat Pay / 微信支付", [
    text("mchid"),
    text("appid"),
    text("merchantSerialNo"),
    text("baseUrl"),
    secret("privateKey"),
    secret("apiV3Key"),
    { ...longText("platformPublicKey"), hint: "settings.wechatPlatformKeyHint" },
    text("platformSerial"),
  ]),
  provider("stripe", "Stripe", [text("apiBase"), secret("secretKey"), secret("webhookSecret")]),
];

/** Each input's id is the body path it patches (`alipay.appId`), so the server's issues land under it. */
const fieldIds = sections.flatMap((section) => section.fields.map((field) => `${section.key}.${field.name}`));

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
  const fields = createFormErrors(error, fieldIds);
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
                      return (
                        <SettingField
                          id={id}
                          field={field}
                          stored={storedValue(view(), section, field)}
                          edited={edits()[id]}
                          error={fields.of(id)}
                          onEdit={(value) => edit(id, value)}
                        />
                      );
                    }}
                  </For>
                </fieldset>
              )}
            </For>
            <ErrorMessage error={fields.rest()} />
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
