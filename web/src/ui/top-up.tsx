// What to do when the credits run short, said to whoever is reading: a tenant admin is sent to top up,
// a member is told their team admin can. TOP_UP_PATH is the tenant's place to buy credits (recharge packages).
import { Show } from "solid-js";
import { t } from "../i18n/i18n";
import { canManageTeam } from "../session/account";
import { AppLink } from "./app-link";

export const TOP_UP_PATH = "/credits";

export function TopUpHint() {
  return (
    <Show when={canManageTeam()} fallback={<span data-testid="top-up-hint">{t("money.askAdmin")}</span>}>
      <span data-testid="top-up-hint">
        {t("money.adminTopUp")}{" "}
        <AppLink to={TOP_UP_PATH} class="link" data-testid="top-up-link">
          {t("money.topUp")}
        </AppLink>
      </span>
    </Show>
  );
}
