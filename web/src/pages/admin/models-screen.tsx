// Models & prices: every catalogue row (enabled or not), edited in place; the pricing knobs are fields named by the
// capability's price rule (checked again by the server). A saved price is what the next call is billed.
import type { AdminModel, ModelCreateRequest } from "@waule/shared/admin";
import { createResource, createSignal, For, Show } from "solid-js";
import { ErrorMessage } from "../../ui/error-message";
import { InputField, SelectField } from "../../ui/form-field";
import { createForm } from "../../ui/form-state";
import { adminApi } from "./admin-api";
import { at } from "./messages";
import { draftOf, PricingFields, pricingOf } from "./pricing-fields";

const priceUnits = ["per_image", "per_1k_tokens", "per_1k_chars", "per_second", "per_request"] as const;
const capabilities = ["image", "chat", "speech", "video", "midjourney"] as const;

export function ModelsScreen() {
  const [models, { refetch }] = createResource(() => adminApi.models());
  return (
    <section class="page">
      <h1>{at("models.title")}</h1>
      <Show when={models.error}>
        <ErrorMessage error={models.error} />
      </Show>
      <div class="card table-card">
        <table class="table" data-testid="models-table">
          <thead>
            <tr>
              <th>{at("models.id")}</th>
              <th>{at("models.capability")}</th>
              <th>{at("models.displayName")}</th>
              <th>{at("models.price")}</th>
              <th>{at("models.priceUnit")}</th>
              <th>{at("models.pricingFields")}</th>
              <th>{at("models.enabled")}</th>
              <th>{at("models.sortOrder")}</th>
              <th>{at("common.actions")}</th>
            </tr>
          </thead>
          <tbody>
            <For each={models.error ? [] : (models.latest?.data ?? [])}>{(model) => <ModelRow model={model} />}</For>
          </tbody>
        </table>
      </div>
      <NewModel onCreated={() => void refetch()} />
    </section>
  );
}

/** Keeps its own edited state: the list is not reloaded after a save, so the row (and its "saved" note) stays put. */
function ModelRow(props: { model: AdminModel }) {
  const m = props.model;
  const [displayName, setDisplayName] = createSignal(m.displayName);
  const [price, setPrice] = createSignal(String(m.price));
  const [priceUnit, setPriceUnit] = createSignal(m.priceUnit);
  const [pricing, setPricing] = createSignal(draftOf(m.pricing));
  const [enabled, setEnabled] = createSignal(m.enabled);
  const [sortOrder, setSortOrder] = createSignal(String(m.sortOrder));
  const [error, setError] = createSignal<unknown>(null);
  const [saved, setSaved] = createSignal(false);

  async function save() {
    setError(null);
    setSaved(false);
    try {
      await adminApi.patchModel(m.id, {
        displayName: displayName().trim(),
        price: Number(price()),
        priceUnit: priceUnit(),
        pricing: pricingOf(m.capability, pricing()),
        enabled: enabled(),
        sortOrder: Number(sortOrder()),
      });
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <tr data-testid={`model-row-${m.id}`}>
      <td>
        <code>{m.id}</code>
        <div class="muted small">
          {m.provider} / {m.upstreamModel}
        </div>
      </td>
      <td>{at(`models.cap.${m.capability}`)}</td>
      <td>
        <input name="displayName" value={displayName()} onInput={(e) => setDisplayName(e.currentTarget.value)} />
      </td>
      <td>
        <input
          name="price"
          type="number"
          min="0"
          step="1"
          value={price()}
          onInput={(e) => setPrice(e.currentTarget.value)}
        />
      </td>
      <td>
        <select
          name="priceUnit"
          value={priceUnit()}
          onChange={(e) => setPriceUnit(e.currentTarget.value as AdminModel["priceUnit"])}
        >
          <For each={priceUnits}>{(u) => <option value={u}>{at(`models.unit.${u}`)}</option>}</For>
        </select>
      </td>
      <td>
        <PricingFields capability={m.capability} draft={pricing()} onChange={setPricing} />
      </td>
      <td>
        <input
          name="enabled"
          type="checkbox"
          checked={enabled()}
          onChange={(e) => setEnabled(e.currentTarget.checked)}
        />
      </td>
      <td>
        <input
          name="sortOrder"
          type="number"
          step="1"
          value={sortOrder()}
          onInput={(e) => setSortOrder(e.currentTarget.value)}
        />
      </td>
      <td>
        <button class="button" type="button" name="save" onClick={save}>
          {at("common.save")}
        </button>
        <Show when={saved()}>
          <span class="muted small" data-testid="model-saved">
            {" "}
            {at("models.saved", { id: m.id })}
          </span>
        </Show>
        <ErrorMessage error={error()} />
      </td>
    </tr>
  );
}

function NewModel(props: { onCreated: () => void }) {
  const [pricing, setPricing] = createSignal<Record<string, string>>({});
  const [error, setError] = createSignal<unknown>(null);
  const form = createForm(error, {
    id: "",
    capability: "image",
    provider: "sandbox",
    upstreamModel: "",
    displayName: "",
    priceUnit: "per_image",
    price: "0",
  });

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setError(null);
    const f = form.values();
    try {
      const body: ModelCreateRequest = {
        id: f.id.trim(),
        capability: f.capability as ModelCreateRequest["capability"],
        provider: f.provider.trim(),
        upstreamModel: f.upstreamModel.trim(),
        displayName: f.displayName.trim(),
        priceUnit: f.priceUnit as ModelCreateRequest["priceUnit"],
        price: Number(f.price),
        pricing: pricingOf(f.capability as ModelCreateRequest["capability"], pricing()),
      };
      await adminApi.createModel(body);
      form.set({ id: "", upstreamModel: "", displayName: "" });
      props.onCreated();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <form class="card form" onSubmit={submit}>
      <h2>{at("models.create")}</h2>
      <div class="field-row">
        <InputField label={at("models.id")} name="newModelId" required {...form.bind("id")} />
        <SelectField
          label={at("models.capability")}
          name="newModelCapability"
          options={capabilities.map((c) => ({ value: c, label: at(`models.cap.${c}`) }))}
          {...form.bind("capability")}
        />
        <InputField label={at("models.provider")} name="newModelProvider" required {...form.bind("provider")} />
        <InputField label={at("models.upstream")} name="newModelUpstream" required {...form.bind("upstreamModel")} />
      </div>
      <div class="field-row">
        <InputField label={at("models.displayName")} name="newModelName" required {...form.bind("displayName")} />
        <InputField
          label={at("models.price")}
          name="newModelPrice"
          type="number"
          min="0"
          step="1"
          {...form.bind("price")}
        />
        <SelectField
          label={at("models.priceUnit")}
          name="newModelPriceUnit"
          options={priceUnits.map((u) => ({ value: u, label: at(`models.unit.${u}`) }))}
          {...form.bind("priceUnit")}
        />
      </div>
      <div class="field">
        <span>{at("models.pricingFields")}</span>
        <PricingFields
          capability={form.values().capability as ModelCreateRequest["capability"]}
          draft={pricing()}
          onChange={setPricing}
        />
      </div>
      <ErrorMessage error={form.rest()} />
      <button class="button" type="submit">
        {at("models.create")}
      </button>
    </form>
  );
}
