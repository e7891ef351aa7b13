// A tenant's allowed models: tick the ones it may call; none ticked means every enabled model.
import { createResource, createSignal, For, Show } from "solid-js";
import { ErrorMessage } from "../../ui/error-message";
import { adminApi } from "./admin-api";
import { at } from "./messages";

export function TenantModels(props: { tenantId: string; enabled: string[]; onSaved: () => void }) {
  const [models] = createResource(() => adminApi.models());
  const [chosen, setChosen] = createSignal(new Set(props.enabled));
  const [error, setError] = createSignal<unknown>(null);
  const [saved, setSaved] = createSignal(false);

  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen());
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
    setSaved(false);
  };

  async function save() {
    setError(null);
    try {
      const answer = await adminApi.setTenantModels(props.tenantId, [...chosen()]);
      setChosen(new Set(answer.models));
      setSaved(true);
      props.onSaved();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <div class="card" data-testid="tenant-models">
      <h2>{at("tenant.models.title")}</h2>
      <p class="muted">{at("tenant.models.allHint")}</p>
      <Show when={models.error}>
        <ErrorMessage error={models.error} />
      </Show>
      <For each={models.error ? [] : (models.latest?.data ?? [])}>
        {(model) => (
          <label class="field-row">
            <input
              type="checkbox"
              name={`model-${model.id}`}
              checked={chosen().has(model.id)}
              onChange={(e) => toggle(model.id, e.currentTarget.checked)}
            />
            <span>
              {model.displayName}{" "}
              <span class="muted small">
                ({model.id}
                {model.enabled ? "" : `, ${at("common.inactive")}`})
              </span>
            </span>
          </label>
        )}
      </For>
      <ErrorMessage error={error()} />
      <button class="button" type="button" onClick={save}>
        {at("tenant.models.save")}
      </button>
      <Show when={saved()}>
        <span class="muted"> {at("tenant.models.saved")}</span>
      </Show>
    </div>
  );
}
