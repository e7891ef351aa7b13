// The reason a paid submit is disabled: the price shown beside it is more than the balance last read.
import { Show } from "solid-js";
import { t } from "../i18n/i18n";
import { balance } from "../session/account";
import { TopUpHint } from "./top-up";

/** True only when both the price and the balance are known and the balance is short (an unknown never blocks). */
export function isShort(estimate: number | null | undefined): boolean {
  const have = balance();
  return estimate !== null && estimate !== undefined && have !== null && have < estimate;
}

export function BalanceShort(props: { estimate: number | null | undefined }) {
  return (
    <Show when={isShort(props.estimate)}>
      <p class="balance-short" role="status" data-testid="balance-short">
        {t("money.short", { needed: props.estimate ?? 0, balance: balance() ?? 0 })} <TopUpHint />
      </p>
    </Show>
  );
}
