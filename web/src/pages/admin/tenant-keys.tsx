// A tenant's API keys: prefixes only, a new key shown once, revocation after a confirmation.
import { createResource, createSignal, For, Show } from "solid-js";
import { ErrorMessage } from "../../ui/error-message";
import { adminApi } from "./admin-api";
import { at } from "./messages";
import { formatDate } from "./parts";

export function TenantKeys(props: { tenantId: string }) {
  const [keys, { refetch }] = createResource(
    () => props.tenantId,
    (id) => adminApi.keys(id),
  );
  const [name, setName] = createSignal("");
  const [shown, setShown] = createSignal<string | null>(null);
  const [error, setError] = createSignal<unknown>(null);

  async function create(e: SubmitEvent) {
    e.preventDefault();
    setError(null);
    setShown(null);
    try {
      const made = await adminApi.createKey(props.tenantId, name().trim() || "default");
      setShown(made.key);
      setName("");
      await refetch();
    } catch (err) {
      setError(err);
    }
  }

  async function revoke(keyId: string) {
    if (!globalThis.confirm(at("tenant.keys.confirmRevoke"))) return;
    setError(null);
    try {
      await adminApi.revokeKey(props.tenantId, keyId);
      await refetch();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <div class="card table-card">
      <h2>{at("tenant.keys.title")}</h2>
      <Show when={keys.error}>
        <ErrorMessage error={keys.error} />
      </Show>
      <table class="table" data-testid="keys-table">
        <thead>
          <tr>
            <th>{at("tenant.keys.name")}</th>
            <th>{at("tenant.keys.prefix")}</th>
            <th>{at("common.created")}</th>
            <th>{at("tenant.keys.lastUsed")}</th>
            <th>{at("common.actions")}</th>
          </tr>
        </thead>
        <tbody>
          <For each={keys.error ? [] : (keys.latest?.data ?? [])}>
            {(key) => (
              <tr>
                <td>{key.name}</td>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>{formatDate(key.createdAt)}</td>
                <td>{formatDate(key.lastUsedAt)}</td>
                <td>
                  <Show
                    when={!key.revokedAt}
                    fallback={
                      <span class="muted">
                        {at("tenant.keys.revoked")} {formatDate(key.revokedAt)}
                      </span>
                    }
                  >
                    <button class="button" type="button" onClick={() => revoke(key.id)}>
                      {at("tenant.keys.revoke")}
                    </button>
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <form class="field-row" onSubmit={create}>
        <label class="field">
          <span>{at("tenant.keys.name")}</span>
          <input name="keyName" value={name()} maxLength={100} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <button class="button" type="submit">
          {at("tenant.keys.create")}
        </button>
      </form>
      <ErrorMessage error={error()} />
      <Show when={shown()}>
        {(key) => (
          <div class="estimate">
            <p>{at("tenant.keys.shownOnce")}</p>
            <code data-testid="new-key">{key()}</code>
          </div>
        )}
      </Show>
    </div>
  );
}
