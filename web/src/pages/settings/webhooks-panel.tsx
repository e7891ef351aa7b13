// The tenant's webhook: its URL, the signing secret (shown only when issued or rotated) and the latest delivery attempts.

import { createResource, createSignal, For, Show } from "solid-js";
import { api } from "../../api/api";
import { locale, t } from "../../i18n/i18n";
import { ErrorMessage } from "../../ui/error-message";
import { createFormErrors } from "../../ui/form-errors";
import { InputField } from "../../ui/form-field";
import { EmptyRow, Pager } from "../../ui/list-parts";
import { createPagedList } from "../../ui/paged-list";

// The server pages deliveries by 20 (see api.team.deliveries).
const DELIVERIES_PAGE = 20;

export function WebhooksPanel() {
  const [settings, { mutate }] = createResource(() => api.team.webhook());
  const deliveries = createPagedList({
    pageSize: DELIVERIES_PAGE,
    query: () => ({}),
    load: (q) => api.team.deliveries(q.page),
  });
  const [url, setUrl] = createSignal<string | null>(null);
  const [secret, setSecret] = createSignal<string | null>(null);
  const [error, setError] = createSignal<unknown>(null);
  const [busy, setBusy] = createSignal(false);

  const fields = createFormErrors(error, ["url"]);
  const shownUrl = () => url() ?? (settings.error ? "" : (settings()?.url ?? ""));

  async function save(rotate: boolean) {
    setBusy(true);
    setError(null);
    try {
      const saved = await api.team.saveWebhook({ url: shownUrl().trim() || null, rotate_secret: rotate });
      mutate({ url: saved.url, has_secret: saved.has_secret });
      setSecret(saved.secret ?? null);
      setUrl(null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="panel" data-testid="webhooks-panel">
      <ErrorMessage error={fields.rest() ?? settings.error} />
      <Show when={secret()}>
        <div class="card form new-key" data-testid="webhook-secret">
          <strong>{t("settings.webhooks.secretOnce")}</strong>
          <code class="secret">{secret()}</code>
        </div>
      </Show>
      <form
        class="card form"
        onSubmit={(e) => {
          e.preventDefault();
          void save(false);
        }}
      >
        <InputField
          label={t("settings.webhooks.url")}
          error={fields.of("url")}
          name="webhookUrl"
          type="url"
          placeholder="https://example.com/waule-events"
          value={shownUrl()}
          onValue={setUrl}
        />
        <p class="muted">
          {settings()?.has_secret ? t("settings.webhooks.hasSecret") : t("settings.webhooks.noSecret")}
        </p>
        <div class="actions">
          <button type="submit" class="button primary" disabled={busy()}>
            {t("settings.save")}
          </button>
          <button type="button" class="button" disabled={busy() || !shownUrl()} onClick={() => void save(true)}>
            {t("settings.webhooks.rotate")}
          </button>
        </div>
      </form>
      <h2>{t("settings.webhooks.deliveries")}</h2>
      <ErrorMessage error={deliveries.list.error} />
      <div class="card table-card">
        <table class="table" data-testid="deliveries-table">
          <thead>
            <tr>
              <th>{t("history.date")}</th>
              <th>{t("settings.webhooks.task")}</th>
              <th>{t("settings.webhooks.attempt")}</th>
              <th>{t("settings.webhooks.result")}</th>
            </tr>
          </thead>
          <tbody>
            <For
              each={deliveries.rows()}
              fallback={<EmptyRow colSpan={4} loading={deliveries.list.loading} text={t("settings.webhooks.none")} />}
            >
              {(d) => (
                <tr>
                  <td>{new Date(d.started_at).toLocaleString(locale())}</td>
                  <td>{d.task_id}</td>
                  <td>{d.attempt}</td>
                  <td>{d.succeeded ? `✓ ${d.status_code ?? ""}` : `✗ ${d.status_code ?? ""} ${d.error ?? ""}`}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Pager list={deliveries} />
    </div>
  );
}
