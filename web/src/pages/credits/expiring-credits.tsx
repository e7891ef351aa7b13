// The tenant's credits that expire, soonest first: what is left of each package bought with a validity.
import type { ExpiringCreditList } from "@waule/shared/credit-grants";
import { For, Show } from "solid-js";
import { locale, t } from "../../i18n/i18n";

export function ExpiringCredits(props: { list: ExpiringCreditList | undefined }) {
  return (
    <Show when={(props.list?.data.length ?? 0) > 0}>
      <div class="card" data-testid="expiring-credits">
        <h2>{t("credits.expiringTitle")}</h2>
        <p class="muted">{t("credits.expiringNote")}</p>
        <ul>
          <For each={props.list?.data ?? []}>
            {(g) => (
              <li data-testid="expiring-row" data-expires={g.expires_at} data-remaining={g.remaining}>
                {t("credits.expiringRow", {
                  remaining: g.remaining,
                  credits: g.credits,
                  date: new Date(g.expires_at).toLocaleString(locale()),
                })}
              </li>
            )}
          </For>
        </ul>
      </div>
    </Show>
  );
}
