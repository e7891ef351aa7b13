// Said in place of a creation form whose capability is not set up for this tenant: what is missing and whom to ask,
// in the reader's role (a tenant admin asks the platform, a member asks their admin), never how to set it up.
import type { ModelCapability } from "@waule/shared/models";
import { For, type JSX, Show } from "solid-js";
import { t } from "../i18n/i18n";
import type { MessageKey } from "../i18n/zh-CN";
import { canManageTeam } from "../session/account";
import { AppLink } from "../ui/app-link";
import { capabilityStatus, isOffered } from "./offered";

/** The creation pages, so a gated one can point to those the reader does have (sign-in lands on /generate). */
const pages: { capability: ModelCapability; to: string; label: MessageKey }[] = [
  { capability: "chat", to: "/chat", label: "nav.chat" },
  { capability: "image", to: "/generate", label: "nav.generate" },
  { capability: "speech", to: "/speech", label: "nav.speech" },
  { capability: "video", to: "/video", label: "nav.video" },
  { capability: "midjourney", to: "/midjourney", label: "nav.midjourney" },
];

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
        <Show when={pages.some((p) => p.capability !== props.capability && isOffered(p.capability))}>
          <p data-testid="capability-elsewhere" style={{ display: "flex", gap: "0.6rem", "flex-wrap": "wrap" }}>
            {t("capability.available")}{" "}
            <For each={pages.filter((p) => p.capability !== props.capability && isOffered(p.capability))}>
              {(p) => (
                <AppLink to={p.to} class="link">
                  {t(p.label)}
                </AppLink>
              )}
            </For>
          </p>
        </Show>
      </div>
    </Show>
  );
}
