// A model's pricing knobs as labelled number fields, one per key its capability's price rule reads
// (pricingByCapability in @waule/shared/admin), instead of raw JSON. Empty fields are left out.
import { type ModelPricing, pricingByCapability } from "@waule/shared/admin";
import type { ModelCapability } from "@waule/shared/models";
import { For, Show } from "solid-js";
import { type AdminMessageKey, at } from "./messages";

export type PricingDraft = Record<string, string>;

export function pricingKeys(capability: ModelCapability): string[] {
  return Object.keys(pricingByCapability[capability].shape);
}

export function draftOf(pricing: ModelPricing | null | undefined): PricingDraft {
  return Object.fromEntries(Object.entries(pricing ?? {}).map(([k, v]) => [k, String(v)]));
}

/** The fields that apply to the capability and are filled, as numbers; none filled is `null` (no knobs). */
export function pricingOf(capability: ModelCapability, draft: PricingDraft): ModelPricing | null {
  const entries = pricingKeys(capability)
    .filter((k) => (draft[k] ?? "").trim() !== "")
    .map((k) => [k, Number(draft[k])] as const);
  return entries.length > 0 ? Object.fromEntries(entries) : null;
}

function label(key: string): string {
  const own = `models.knob.${key}` as AdminMessageKey;
  // Video resolutions ("480p", "1080p") share one wording: the resolution's multiplier.
  return /^\d+p$/.test(key) ? at("models.knob.resolution", { resolution: key }) : at(own);
}

export function PricingFields(props: {
  capability: ModelCapability;
  draft: PricingDraft;
  onChange: (next: PricingDraft) => void;
}) {
  return (
    <Show
      when={pricingKeys(props.capability).length > 0}
      fallback={<span class="muted small">{at("models.noKnobs")}</span>}
    >
      <div class="pricing-fields" data-testid="pricing-fields">
        <For each={pricingKeys(props.capability)}>
          {(key) => (
            <label class="pricing-field">
              <span>{label(key)}</span>
              <input
                name={`pricing-${key}`}
                type="number"
                min="0"
                step="any"
                value={props.draft[key] ?? ""}
                onInput={(e) => props.onChange({ ...props.draft, [key]: e.currentTarget.value })}
              />
            </label>
          )}
        </For>
      </div>
    </Show>
  );
}
