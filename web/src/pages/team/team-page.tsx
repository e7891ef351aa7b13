// "Team & settings": the tenant admin's area — seats and balance on top, one tab per concern below. Members are told it is not theirs.

import { createResource, createSignal, For, Match, Show, Switch } from "solid-js";
import { api } from "../../api/api";
import { t } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/zh-CN";
import { ErrorMessage } from "../../ui/error-message";
import { StoragePanel } from "../settings/storage-panel";
import { WebhooksPanel } from "../settings/webhooks-panel";
import { KeysPanel } from "./keys-panel";
import { LedgerPanel } from "./ledger-panel";
import { UsersPanel } from "./users-panel";
import "./team.css";

const tabs = ["users", "keys", "ledger", "storage", "webhooks"] as const;
type Tab = (typeof tabs)[number];

export function TeamPage() {
  const [info, { refetch }] = createResource(() => api.team.tenant());
  const [tab, setTab] = createSignal<Tab>("users");

  return (
    <section class="page team">
      <h1>{t("team.title")}</h1>
      <ErrorMessage error={info.error} />
      <Show when={!info.error && info()}>
        {(tenant) => (
          <Show
            when={tenant().caller.canManage}
            fallback={
              <p class="muted" data-testid="team-forbidden">
                {t("team.adminsOnly")}
              </p>
            }
          >
            <div class="card team-summary" data-testid="team-summary">
              <strong>{tenant().name}</strong>
              <span>
                {t("header.credits")}: <strong data-testid="team-credits">{tenant().credits}</strong>
              </span>
              <span data-testid="seats">{t("team.seats", { used: tenant().seats.used, max: tenant().seats.max })}</span>
            </div>
            <div class="tabs" role="tablist">
              <For each={tabs}>
                {(name) => (
                  <button
                    type="button"
                    role="tab"
                    class="button"
                    classList={{ primary: tab() === name }}
                    data-testid={`tab-${name}`}
                    onClick={() => setTab(name)}
                  >
                    {t(`team.tab.${name}` as MessageKey)}
                  </button>
                )}
              </For>
            </div>
            <Switch>
              <Match when={tab() === "users"}>
                <UsersPanel onSeatsChanged={() => void refetch()} />
              </Match>
              <Match when={tab() === "keys"}>
                <KeysPanel />
              </Match>
              <Match when={tab() === "ledger"}>
                <LedgerPanel />
              </Match>
              <Match when={tab() === "storage"}>
                <StoragePanel />
              </Match>
              <Match when={tab() === "webhooks"}>
                <WebhooksPanel />
              </Match>
            </Switch>
          </Show>
        )}
      </Show>
    </section>
  );
}
