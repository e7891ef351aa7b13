// A model picker for one capability: loading, empty and error states in the user's language, sandbox models marked.
import { For, type Resource } from "solid-js";
import { type ModelEntry, modelLabel } from "../api/models";
import { t } from "../i18n/i18n";

/** The listed models, or none while loading or after a failure (reading a failed resource would throw). */
function listed(models: Resource<ModelEntry[]>): ModelEntry[] {
  return models.error ? [] : (models() ?? []);
}

export function ModelSelect(props: {
  models: Resource<ModelEntry[]>;
  value: string;
  onChange: (id: string) => void;
  label: string;
  emptyLabel: string;
  disabled?: boolean;
}) {
  return (
    <label class="field">
      <span>{props.label}</span>
      <select
        name="model"
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
        disabled={props.disabled || listed(props.models).length === 0}
      >
        <For
          each={listed(props.models)}
          fallback={<option value="">{props.models.loading ? t("common.loading") : props.emptyLabel}</option>}
        >
          {(m) => (
            <option value={m.id}>
              {modelLabel(m)}
              {m.waule.sandbox ? ` · ${t("common.sandbox")}` : ""}
            </option>
          )}
        </For>
      </select>
    </label>
  );
}

/** The chosen model's entry, falling back to the first listed one until the user picks. */
export function chosenModel(models: Resource<ModelEntry[]>, picked: string): ModelEntry | undefined {
  const list = listed(models);
  return list.find((m) => m.id === picked) ?? list[0];
}
