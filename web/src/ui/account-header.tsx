// Top bar: app name, navigation, the tenant's name and live credit balance, language switch and sign-out.

import type { MeResponse } from "@waule/shared/account";
import { type Resource, Show } from "solid-js";
import { t } from "../i18n/i18n";
import { TeamNavLinks } from "../pages/team/team-nav";
import { signOut } from "../session/session";
import { AppLink } from "./app-link";
import { LanguageSwitch } from "./language-switch";

function NavLink(props: { to: string; label: string }) {
  return (
    <AppLink to={props.to} class="nav-link">
      {props.label}
    </AppLink>
  );
}

export function AccountHeader(props: { me: Resource<MeResponse> }) {
  return (
    <header class="topbar">
      <div class="brand">{t("app.name")}</div>
      <nav class="nav">
        <NavLink to="/chat" label={t("nav.chat")} />
        <NavLink to="/generate" label={t("nav.generate")} />
        <NavLink to="/speech" label={t("nav.speech")} />
        <NavLink to="/video" label={t("nav.video")} />
        <NavLink to="/midjourney" label={t("nav.midjourney")} />
        <NavLink to="/tasks" label={t("nav.tasks")} />
        <NavLink to="/history" label={t("nav.history")} />
        <TeamNavLinks />
      </nav>
      <div class="account">
        <Show when={props.me()}>
          {(me) => (
            <>
              <span class="tenant-name" data-testid="tenant-name">
                {me().tenant.name}
              </span>
              <span class="credits" title={t("header.credits")}>
                {t("header.credits")}: <strong data-testid="credits">{me().tenant.credits}</strong>
              </span>
              <Show when={me().user}>
                {(user) => <span class="username">{user().nickname ?? user().username}</span>}
              </Show>
            </>
          )}
        </Show>
        <LanguageSwitch />
        <button type="button" class="button ghost" data-testid="sign-out" onClick={signOut}>
          {t("nav.logout")}
        </button>
      </div>
    </header>
  );
}
