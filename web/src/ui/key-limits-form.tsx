// One API key's limits (credit quotas, expiry, allowed models, IP ranges) as a form under its row in the keys panel.
// Empty fields remove that limit; the server checks every value and answers a 400 that the panel shows.
import type { ApiKeyView } from "@waule/shared/api-keys";
import type { KeyLimitsRequest } from "@waule/shared/key-limits";
import { createSignal } from "solid-js";
import { t } from "../i18n/i18n";
import type { FormErrors } from "./form-errors";
import { InputField } from "./form-field";
import { creditsInput as credits, LimitActions } from "./limit-fields";

const list = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
/** datetime-local wants local time without a zone. */
function localInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** What the key has spent this UTC month (another month stored means nothing yet). */
export function spentThisMonth(limits: ApiKeyView["limits"], now = new Date()): number {
  return limits.spentMonth === now.toISOString().slice(0, 7) ? limits.spentMonthCredits : 0;
}

/** The body paths the form sends, one input each: where the server's issues are shown. */
export const keyLimitFields = ["quota_total", "quota_monthly", "expires_at", "allowed_models", "ip_allowlist"] as const;
/** zod's refine of an IP range has no code of its own: the form's words for it. */
export const keyLimitMessages = { ip_allowlist: () => t("team.keys.limits.badRange") };

export function KeyLimitsForm(props: {
  apiKey: ApiKeyView;
  busy: boolean;
  errors: FormErrors;
  onSave: (body: KeyLimitsRequest) => void;
  onClose: () => void;
}) {
  const l = props.apiKey.limits;
  const [total, setTotal] = createSignal(l.quotaTotal?.toString() ?? "");
  const [monthly, setMonthly] = createSignal(l.quotaMonthly?.toString() ?? "");
  const [expires, setExpires] = createSignal(localInput(l.expiresAt));
  const [models, setModels] = createSignal((l.allowedModels ?? []).join(", "));
  const [ips, setIps] = createSignal((l.ipAllowlist ?? []).join(", "));

  function submit(e: SubmitEvent) {
    e.preventDefault();
    const modelList = list(models());
    const ipList = list(ips());
    props.onSave({
      quota_total: credits(total()),
      quota_monthly: credits(monthly()),
      expires_at: expires() ? new Date(expires()).toISOString() : null,
      allowed_models: modelList.length ? modelList : null,
      ip_allowlist: ipList.length ? ipList : null,
    });
  }

  return (
    <form class="card form" data-testid="key-limits" onSubmit={submit}>
      <p class="muted" data-testid="key-spent">
        {t("team.keys.limits.spent", {
          total: props.apiKey.limits.spentTotal,
          month: spentThisMonth(props.apiKey.limits),
        })}
      </p>
      <InputField
        label={t("team.keys.limits.quotaTotal")}
        error={props.errors.of("quota_total")}
        name="quotaTotal"
        inputMode="numeric"
        value={total()}
        onValue={setTotal}
      />
      <InputField
        label={t("team.keys.limits.quotaMonthly")}
        error={props.errors.of("quota_monthly")}
        name="quotaMonthly"
        inputMode="numeric"
        value={monthly()}
        onValue={setMonthly}
      />
      <InputField
        label={t("team.keys.limits.expiresAt")}
        error={props.errors.of("expires_at")}
        name="expiresAt"
        type="datetime-local"
        value={expires()}
        onValue={setExpires}
      />
      <InputField
        label={t("team.keys.limits.models")}
        error={props.errors.of("allowed_models")}
        name="allowedModels"
        value={models()}
        onValue={setModels}
      />
      <InputField
        label={t("team.keys.limits.ips")}
        error={props.errors.of("ip_allowlist")}
        name="ipAllowlist"
        value={ips()}
        onValue={setIps}
      />
      <p class="muted">{t("team.keys.limits.hint")}</p>
      <LimitActions busy={props.busy} saveTestId="save-key-limits" onClose={props.onClose} />
    </form>
  );
}
