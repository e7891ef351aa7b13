// Where the tenant's generated files go: the platform's storage, or its own S3 bucket — checked by the server before it is saved.

import { createResource, createSignal, Match, Show, Switch } from "solid-js";
import { api } from "../../api/api";
import { t } from "../../i18n/i18n";
import { createFormErrors } from "../../ui/form-errors";
import { FormField, InputField } from "../../ui/form-field";
import { TeamError } from "../../ui/team-error";

export function StoragePanel() {
  const [current, { mutate }] = createResource(() => api.team.storage());
  const [mode, setMode] = createSignal<"PLATFORM" | "CUSTOM" | null>(null);
  const [error, setError] = createSignal<unknown>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [form, setForm] = createSignal({
    endpoint: "",
    bucket: "",
    region: "",
    accessKeyId: "",
    secretAccessKey: "",
    publicBaseUrl: "",
    forcePathStyle: true,
  });

  const fields = createFormErrors(error, [
    "endpoint",
    "bucket",
    "region",
    "accessKeyId",
    "secretAccessKey",
    "publicBaseUrl",
    "forcePathStyle",
  ]);
  const chosen = () => mode() ?? (current.error ? "PLATFORM" : (current()?.mode ?? "PLATFORM"));
  const field = (
    name: "endpoint" | "bucket" | "region" | "accessKeyId" | "secretAccessKey" | "publicBaseUrl",
    label: string,
    type = "text",
  ) => (
    <InputField
      label={label}
      error={fields.of(name)}
      name={`storage-${name}`}
      type={type}
      required={name !== "publicBaseUrl"}
      value={form()[name]}
      onValue={(value) => setForm({ ...form(), [name]: value })}
    />
  );

  async function save() {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const f = form();
      const saved =
        chosen() === "PLATFORM"
          ? await api.team.usePlatformStorage()
          : await api.team.saveCustomStorage({
              mode: "CUSTOM",
              ...f,
              publicBaseUrl: f.publicBaseUrl.trim() || undefined,
            });
      mutate(saved);
      setMode(null);
      // The secret is not kept in the page once the server holds it.
      setForm({ ...form(), secretAccessKey: "" });
      setNotice(t("settings.storage.saved"));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="panel" data-testid="storage-panel">
      <TeamError error={fields.rest() ?? current.error} />
      <Show when={notice()}>
        <p class="notice" role="status">
          {notice()}
        </p>
      </Show>
      <Show when={!current.error && current()}>
        {(view) => (
          <p data-testid="storage-current">
            {view().mode === "PLATFORM"
              ? t("settings.storage.usingPlatform")
              : t("settings.storage.usingCustom", { bucket: (view() as { bucket: string }).bucket })}
          </p>
        )}
      </Show>
      <form
        class="card form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div class="field inline">
          <label>
            <input
              type="radio"
              name="storage-mode"
              value="PLATFORM"
              checked={chosen() === "PLATFORM"}
              onChange={() => setMode("PLATFORM")}
            />{" "}
            {t("settings.storage.platform")}
          </label>
          <label>
            <input
              type="radio"
              name="storage-mode"
              value="CUSTOM"
              checked={chosen() === "CUSTOM"}
              onChange={() => setMode("CUSTOM")}
            />{" "}
            {t("settings.storage.custom")}
          </label>
        </div>
        <Switch>
          <Match when={chosen() === "CUSTOM"}>
            <p class="muted">{t("settings.storage.verifyHint")}</p>
            <div class="field-row">
              {field("endpoint", t("settings.storage.endpoint"), "url")}
              {field("bucket", t("settings.storage.bucket"))}
            </div>
            <div class="field-row">
              {field("region", t("settings.storage.region"))}
              {field("publicBaseUrl", t("settings.storage.publicBaseUrl"), "url")}
            </div>
            <div class="field-row">
              {field("accessKeyId", t("settings.storage.accessKeyId"))}
              {field("secretAccessKey", t("settings.storage.secretAccessKey"), "password")}
            </div>
            <FormField check label={t("settings.storage.pathStyle")} error={fields.of("forcePathStyle")}>
              {(control) => (
                <input
                  {...control}
                  type="checkbox"
                  checked={form().forcePathStyle}
                  onChange={(e) => setForm({ ...form(), forcePathStyle: e.currentTarget.checked })}
                />
              )}
            </FormField>
          </Match>
        </Switch>
        <button type="submit" class="button primary" disabled={busy()} data-testid="storage-save">
          {busy()
            ? t("settings.storage.verifying")
            : chosen() === "CUSTOM"
              ? t("settings.storage.verifySave")
              : t("settings.save")}
        </button>
      </form>
    </div>
  );
}
