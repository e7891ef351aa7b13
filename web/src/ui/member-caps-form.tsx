// One member's spending caps (credits per UTC day and month) as a form under the user's row; empty removes a cap.
import type { MemberCapsRequest } from "@waule/shared/key-limits";
import type { TenantUserView } from "@waule/shared/tenant-users";
import { createSignal } from "solid-js";
import { t } from "../i18n/i18n";
import type { FormErrors } from "./form-errors";
import { InputField } from "./form-field";
import { creditsInput as credits, LimitActions } from "./limit-fields";

/** Spent today and this month in UTC (a stored older period means nothing yet). */
export function spentNow(caps: TenantUserView["caps"], now = new Date()) {
  const iso = now.toISOString();
  return {
    day: caps.spentDay === iso.slice(0, 10) ? caps.spentDayCredits : 0,
    month: caps.spentMonth === iso.slice(0, 7) ? caps.spentMonthCredits : 0,
  };
}

/** The body paths the form sends, one input each. */
export const memberCapFields = ["cap_daily", "cap_monthly"] as const;

export function MemberCapsForm(props: {
  user: TenantUserView;
  busy: boolean;
  errors: FormErrors;
  onSave: (body: MemberCapsRequest) => void;
  onClose: () => void;
}) {
  const [daily, setDaily] = createSignal(props.user.caps.capDaily?.toString() ?? "");
  const [monthly, setMonthly] = createSignal(props.user.caps.capMonthly?.toString() ?? "");
  const spent = () => spentNow(props.user.caps);
  return (
    <form
      class="card form"
      data-testid="member-caps"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSave({ cap_daily: credits(daily()), cap_monthly: credits(monthly()) });
      }}
    >
      <p class="muted" data-testid="member-spent">
        {t("team.users.caps.spent", { day: spent().day, month: spent().month })}
      </p>
      <InputField
        label={t("team.users.caps.daily")}
        error={props.errors.of("cap_daily")}
        name="capDaily"
        inputMode="numeric"
        value={daily()}
        onValue={setDaily}
      />
      <InputField
        label={t("team.users.caps.monthly")}
        error={props.errors.of("cap_monthly")}
        name="capMonthly"
        inputMode="numeric"
        value={monthly()}
        onValue={setMonthly}
      />
      <p class="muted">{t("team.users.caps.hint")}</p>
      <LimitActions busy={props.busy} saveTestId="save-member-caps" onClose={props.onClose} />
    </form>
  );
}
