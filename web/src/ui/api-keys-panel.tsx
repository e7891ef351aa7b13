// A tenant's API keys: create (the full key shown once, with a copy button), revoke, rotate. One panel for the tenant
// admin's team page and the operator's tenant screen; each passes the calls it has (the console has no rotate).
import type { KeyLimitsRequest } from "@waule/shared/key-limits";
import type { ApiKeyList } from "@waule/shared/tenant-admin";
import { createResource, createSignal, For, Show } from "solid-js";
import { locale, t } from "../i18n/i18n";
import { createChangeRunner } from "./change-runner";
import { createFormsErrors } from "./form-errors";
import { InputField } from "./form-field";
import { KeyLimitsForm, keyLimitFields, keyLimitMessages } from "./key-limits-form";
import { TeamError } from "./team-error";
import "./panels.css";

/** A key just made: its full value, the only time anyone sees it. */
type MadeKey = { key: string };

export type ApiKeyCalls = {
  list(): Promise<ApiKeyList>;
  create(name: string): Promise<MadeKey>;
  revoke(id: string): Promise<unknown>;
  /** A new key in place of this one (which is revoked); absent where the caller cannot rotate. */
  rotate?(id: string): Promise<MadeKey>;
  /** Quotas, expiry, models and IP ranges of one key. */
  setLimits(id: string, body: KeyLimitsRequest): Promise<unknown>;
};

export function ApiKeysPanel(props: { calls: ApiKeyCalls }) {
  const [list, { refetch }] = createResource(() => props.calls.list());
  const { busy, error, notice, run } = createChangeRunner(() => refetch());
  const [editing, setEditing] = createSignal<string | null>(null);
  const [name, setName] = createSignal("");
  const fields = createFormsErrors(error, { create: ["name"], limits: keyLimitFields }, keyLimitMessages);
  // Held only in this component's memory: the server never answers the full key again.
  const [fresh, setFresh] = createSignal<MadeKey | null>(null);
  const [copied, setCopied] = createSignal(false);

  /** A created or rotated key: shown this once. */
  function showKey(made: MadeKey | undefined) {
    if (!made) return;
    setFresh(made);
    setCopied(false);
  }

  async function copy(key: string) {
    try {
      await navigator.clipboard.writeText(key);
      setCopied(true);
    } catch {
      // Clipboard refused (insecure origin, permissions): the key stays selectable on screen.
      setCopied(false);
    }
  }

  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(locale()) : "—");

  return (
    <div class="panel" data-testid="keys-panel">
      <TeamError error={fields.rest() ?? list.error} />
      <Show when={notice()}>
        <p class="notice">{notice()}</p>
      </Show>
      <Show when={fresh()}>
        {(created) => (
          <div class="card form new-key" data-testid="new-key">
            <p>
              <strong>{t("team.keys.shownOnce")}</strong>
            </p>
            <code data-testid="new-key-value" class="secret">
              {created().key}
            </code>
            <div class="actions">
              <button type="button" class="button" data-testid="copy-key" onClick={() => void copy(created().key)}>
                {copied() ? t("team.keys.copied") : t("team.keys.copy")}
              </button>
              <button type="button" class="button ghost" onClick={() => setFresh(null)}>
                {t("team.keys.done")}
              </button>
            </div>
          </div>
        )}
      </Show>
      <div class="card table-card">
        <table class="table" data-testid="keys-table">
          <thead>
            <tr>
              <th>{t("team.keys.name")}</th>
              <th>{t("team.keys.prefix")}</th>
              <th>{t("team.keys.created")}</th>
              <th>{t("team.keys.lastUsed")}</th>
              <th>{t("team.users.status")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            <For each={list.error ? [] : (list.latest?.data ?? [])}>
              {(key) => (
                <tr data-testid={`key-${key.id}`} data-revoked={key.revokedAt ? "true" : "false"}>
                  <td>{key.name}</td>
                  <td>
                    <code>{key.prefix}…</code>
                  </td>
                  <td>{when(key.createdAt)}</td>
                  <td>{when(key.lastUsedAt)}</td>
                  <td>
                    {key.revokedAt ? t("team.keys.revoked", { at: when(key.revokedAt) }) : t("team.users.active")}
                  </td>
                  <td class="actions">
                    <Show when={!key.revokedAt}>
                      <button
                        type="button"
                        class="button"
                        data-testid="edit-key-limits"
                        onClick={() => setEditing(editing() === key.id ? null : key.id)}
                      >
                        {t("team.keys.limits")}
                      </button>
                      <Show when={props.calls.rotate}>
                        {(rotate) => (
                          <button
                            type="button"
                            class="button"
                            disabled={busy()}
                            data-testid="rotate-key"
                            onClick={() =>
                              globalThis.confirm?.(t("team.keys.rotateConfirm")) !== false &&
                              void fields.sentBy(null, () => run(() => rotate()(key.id))).then(showKey)
                            }
                          >
                            {t("team.keys.rotate")}
                          </button>
                        )}
                      </Show>
                      <button
                        type="button"
                        class="button"
                        disabled={busy()}
                        data-testid="revoke-key"
                        onClick={() =>
                          globalThis.confirm?.(t("team.keys.revokeConfirm")) !== false &&
                          void fields.sentBy(null, () => run(() => props.calls.revoke(key.id)))
                        }
                      >
                        {t("team.keys.revoke")}
                      </button>
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={(list.error ? [] : (list.latest?.data ?? [])).find((k) => k.id === editing())}>
        {(key) => (
          <KeyLimitsForm
            apiKey={key()}
            busy={busy()}
            errors={fields}
            onSave={(body) =>
              void fields.sentBy("limits", () =>
                run(() => props.calls.setLimits(key().id, body), t("team.keys.limits.saved")),
              )
            }
            onClose={() => setEditing(null)}
          />
        )}
      </Show>
      <form
        class="card form"
        data-testid="create-key"
        onSubmit={(e) => {
          e.preventDefault();
          void fields
            .sentBy("create", () => run(() => props.calls.create(name().trim() || "default")))
            .then((made) => {
              showKey(made);
              setName("");
            });
        }}
      >
        <InputField
          label={t("team.keys.name")}
          error={fields.of("name")}
          name="keyName"
          maxLength={100}
          value={name()}
          onValue={setName}
        />
        <button type="submit" class="button primary" disabled={busy()}>
          {t("team.keys.create")}
        </button>
      </form>
    </div>
  );
}
