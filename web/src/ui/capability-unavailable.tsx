// Said in place of a creation form whose capability is not set up for this tenant: what is missing, not how to set it up.
import type { ModelCapability } from "@waule/shared/models";
import { type JSX, Show } from "solid-js";
import { capabilityStatus } from "../capabilities/offered";
import { t } from "../i18n/i18n";

export function CapabilityGate(props: { capability: ModelCapability; children: JSX.Element }) {
  const status = () => capabilityStatus(props.capability);
  return (
    <Show when={status()?.available === false} fallback={props.children}>
      <div class="card notice-card" role="status" data-testid="capability-unavailable" data-reason={status()?.reason}>
        <strong>{t("capability.unavailable")}</strong>
        <p class="muted">{t(status()?.reason === "no_models" ? "capability.noModels" : "capability.notConfigured")}</p>
      </div>
    </Show>
  );
}
