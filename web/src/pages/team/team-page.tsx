// "Team & settings": the tenant admin's area — seats and balance on top, one tab per concern below. Members are told it is not theirs.

import { createResource, createSignal, For, Match, Show, Switch } from "solid-js";
import { api } from "../../api/api";
import { t } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/zh-CN";
import { type ApiKeyCalls, ApiKeysPanel } from "../../ui/api-keys-panel";
import { ErrorMessage } from "../../ui/error-message";
import { type TenantUserCalls, UsersPanel } from "../../ui/users-panel";
import { StoragePanel } from "../settings/storage-panel";
import { WebhooksPanel } from "../settings/webhooks-panel";
import { BillingPanel } from "./billing-panel";
import { LedgerPanel } from "./ledger-panel";
import { TeamUsage } from "./team-usage";
import "./team.css";

const tabs = ["users", "keys", "usage", "ledger", "billing", "storage", "webhooks"] as const;

/** The tenant admin manages their own tenant: /api/v1/tenant/users and /tenant/keys. */
const userCalls: TenantUserCalls = {
  list: api.team.users,
  create: api.team.createUser,
  update: api.team.updateUser,
  setCaps: api.team.setUserCaps,
};
const keyCalls: ApiKeyCalls = {
  list: api.team.keys,
  create: api.team.createKey,
  revoke: api.team.revokeKey,
  rotate: api.team.rotateKey,
  setLimits: api.team.setKeyLimits,
};
type Tab = (typeof tabs)[number];

export function TeamPage(props: { onCreditsChanged?: () => void }) {
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
                <UsersPanel calls={userCalls} onSeatsChanged={() => void refetch()} />
              </Match>
              <Match when={tab() === "keys"}>
                <ApiKeysPanel calls={keyCalls} />
              </Match>
              <Match when={tab() === "usage"}>
                <TeamUsage />
              </Match>
              <Match when={tab() === "ledger"}>
                <LedgerPanel />
              </Match>
              <Match when={tab() === "billing"}>
                <BillingPanel
                  tenantId={tenant().id}
                  onCreditsChanged={() => {
                    void refetch();
                    props.onCreditsChanged?.();
                  }}
                />
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
