// The header links into self-service: "Team & settings" only for those who may manage the tenant, "Account" for everyone.

import { Show } from "solid-js";
import { t } from "../../i18n/i18n";
import { team as info } from "../../session/account";
import { AppLink } from "../../ui/app-link";

function Link(props: { to: string; label: string; testId: string; canManage?: string }) {
  return (
    <AppLink to={props.to} class="nav-link" data-testid={props.testId} data-can-manage={props.canManage}>
      {props.label}
    </AppLink>
  );
}

export function TeamNavLinks() {
  return (
    <>
      <Show when={!info.error && info()?.caller.canManage}>
        <Link to="/team" label={t("nav.team")} testId="nav-team" />
      </Show>
      {/* data-can-manage says the answer has arrived, so a test can tell "hidden" from "not loaded yet". */}
      <Link
        to="/settings"
        label={t("nav.account")}
        testId="nav-account"
        canManage={info.loading || info.error ? undefined : String(info()?.caller.canManage ?? false)}
      />
    </>
  );
}
