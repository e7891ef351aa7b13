// Top bar: app name, navigation, the tenant's name and live credit balance, language switch and sign-out.

import type { MeResponse } from "@waule/shared/account";
import type { ModelCapability } from "@waule/shared/models";
import { type Resource, Show } from "solid-js";
import { isOffered } from "../capabilities/offered";
import { t } from "../i18n/i18n";
import { TeamNavLinks } from "../pages/team/team-nav";
import { signOut } from "../session/session";
import { AppLink } from "./app-link";
import { LanguageSwitch } from "./language-switch";
import { siteInfo } from "./site-info";

/** A creation page's link shows only while its capability is offered (see capabilities/offered.ts). */
function NavLink(props: { to: string; label: string; capability?: ModelCapability }) {
  return (
    <Show when={!props.capability || isOffered(props.capability)}>
      <AppLink to={props.to} class="nav-link" data-testid={`nav${props.to.replace("/", "-")}`}>
        {props.label}
      </AppLink>
    </Show>
  );
}

export function AccountHeader(props: { me: Resource<MeResponse> }) {
  return (
    <header class="topbar">
      <div class="brand" data-testid="brand">
        {siteInfo()?.logo_text || siteInfo()?.site_name || t("app.name")}
      </div>
      <nav class="nav">
        <NavLink to="/chat" label={t("nav.chat")} capability="chat" />
        <NavLink to="/generate" label={t("nav.generate")} capability="image" />
        <NavLink to="/speech" label={t("nav.speech")} capability="speech" />
        <NavLink to="/video" label={t("nav.video")} capability="video" />
        <Show when={siteInfo()?.midjourney !== false}>
          <NavLink to="/midjourney" label={t("nav.midjourney")} capability="midjourney" />
        </Show>
        <NavLink to="/tasks" label={t("nav.tasks")} />
        <NavLink to="/history" label={t("nav.history")} />
        <NavLink to="/credits" label={t("nav.credits")} />
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
