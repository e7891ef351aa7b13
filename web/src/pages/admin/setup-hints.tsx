// The operator's side of capability gating: what tenants cannot be offered yet and what to set up for it. Tenants
// only ever read that a capability is not available; the set-up steps are said here, to the operator.
import type { CapabilityStatus } from "@waule/shared/capabilities";
import { createResource, For, Show } from "solid-js";
import { adminApi } from "./admin-api";
import { type AdminMessageKey, at } from "./messages";

const names: Record<CapabilityStatus["capability"], AdminMessageKey> = {
  image: "setup.capability.image",
  chat: "setup.capability.chat",
  speech: "setup.capability.speech",
  video: "setup.capability.video",
  midjourney: "setup.capability.midjourney",
};

function hintOf(status: CapabilityStatus): string {
  if (status.reason !== "not_configured") return at("setup.hint.noModels");
  return at(status.capability === "midjourney" ? "setup.hint.midjourney" : "setup.hint.notConfigured");
}

export function SetupHints() {
  const [list] = createResource(() => adminApi.capabilities());
  const missing = () => (list.error ? [] : (list()?.data ?? []).filter((c) => !c.available));
  return (
    <Show when={missing().length > 0}>
      <div class="card notice-card" data-testid="setup-hints">
        <strong>{at("setup.title")}</strong>
        <ul>
          <For each={missing()}>
            {(status) => (
              <li data-testid="setup-hint" data-capability={status.capability} data-reason={status.reason}>
                <strong>{at(names[status.capability])}</strong>: {hintOf(status)}
              </li>
            )}
          </For>
        </ul>
      </div>
    </Show>
  );
}
