// The banner every page shows while the tenant's balance is below its low-balance alert threshold.
import type { MeResponse } from "@waule/shared/account";
import { type Resource, Show } from "solid-js";
import { t } from "../i18n/i18n";
import { AppLink } from "./app-link";

export function LowBalanceBanner(props: { me: Resource<MeResponse> }) {
  const low = () => {
    const tenant = props.me()?.tenant;
    const threshold = tenant?.lowBalanceThreshold ?? null;
    return tenant && threshold !== null && tenant.credits < threshold ? { credits: tenant.credits, threshold } : null;
  };
  return (
    <Show when={low()}>
      {(l) => (
        <div class="banner warning" role="status" data-testid="low-balance-banner">
          <span>{t("banner.lowBalance", { credits: l().credits, threshold: l().threshold })}</span>{" "}
          <AppLink to="/team">{t("banner.topUp")}</AppLink>
        </div>
      )}
    </Show>
  );
}
