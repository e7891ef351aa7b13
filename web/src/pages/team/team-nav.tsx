// The header links into self-service: "Team & settings" only for those who may manage the tenant, "Account" for everyone.
import { api } from "../../api/api";
import { createResource, Show } from "solid-js";
import { t } from "../../i18n/i18n";
import { currentPath, navigate } from "../../router";
import { session } from "../../session/session";

function Link(props: { to: string; label: string; testId: string; canManage?: string }) {
  return (
    <a
      href={props.to}
      class="nav-link"
      data-testid={props.testId}
      data-can-manage={props.canManage}
      classList={{ active: currentPath() === props.to }}
      onClick={(e) => {
        e.preventDefault();
        navigate(props.to);
      }}
    >
      {props.label}
    </a>
  );
}

export function TeamNavLinks() {
  const [info] = createResource(() => session()?.token, () => api.team.tenant());
  return (
    <>
      <Show when={!info.error && info()?.caller.canManage}>
        <Link to="/team" label={t("nav.team")} testId="nav-team" />
      </Show>
      {/* data-can-manage says the answer has arrived, so a test can tell "hidden" from "not loaded yet". */}
      <Link to="/settings" label={t("nav.account")} testId="nav-account" canManage={info.loading || info.error ? undefined : String(info()?.caller.canManage ?? false)} />
    </>
  );
}
