// Said in place of a creation form whose capability is not set up for this tenant: what is missing and whom to ask,
// in the reader's role (a tenant admin asks the platform, a member asks their admin), never how to set it up.
import type { ModelCapability } from "@waule/shared/models";
import { type JSX, Show } from "solid-js";
import { t } from "../i18n/i18n";
import { canManageTeam } from "../session/account";
import { capabilityStatus } from "./offered";

function reasonText(reason: string | undefined): string {
  if (reason === "no_models") return t(canManageTeam() ? "capability.noModelsAdmin" : "capability.noModelsMember");
  return t("capability.notConfigured");
}

export function CapabilityGate(props: { capability: ModelCapability; children: JSX.Element }) {
  const status = () => capabilityStatus(props.capability);
  return (
    <Show when={status()?.available === false} fallback={props.children}>
      <div
        class="card notice-card"
        role="status"
        data-testid="capability-unavailable"
        data-capability={props.capability}
        data-reason={status()?.reason}
      >
        <strong>{t("capability.unavailable")}</strong>
        <p class="muted">{reasonText(status()?.reason)}</p>
      </div>
    </Show>
  );
}
