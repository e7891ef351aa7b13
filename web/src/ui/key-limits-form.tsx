// One API key's limits (credit quotas, expiry, allowed models, IP ranges) as a form under its row in the keys panel.
// Empty fields remove that limit; the server checks every value and answers a 400 that the panel shows.
import type { ApiKeyView } from "@waule/shared/api-keys";
import type { KeyLimitsRequest } from "@waule/shared/key-limits";
import { createSignal } from "solid-js";
import { t } from "../i18n/i18n";
import { creditsInput as credits, LimitField } from "./limit-fields";

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

export function KeyLimitsForm(props: {
  apiKey: ApiKeyView;
  busy: boolean;
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
      <LimitField
        label={t("team.keys.limits.quotaTotal")}
        name="quotaTotal"
        inputMode="numeric"
        value={total()}
        onInput={setTotal}
      />
      <LimitField
        label={t("team.keys.limits.quotaMonthly")}
        name="quotaMonthly"
        inputMode="numeric"
        value={monthly()}
        onInput={setMonthly}
      />
      <LimitField
        label={t("team.keys.limits.expiresAt")}
        name="expiresAt"
        type="datetime-local"
        value={expires()}
        onInput={setExpires}
      />
      <LimitField label={t("team.keys.limits.models")} name="allowedModels" value={models()} onInput={setModels} />
      <LimitField label={t("team.keys.limits.ips")} name="ipAllowlist" value={ips()} onInput={setIps} />
      <p class="muted">{t("team.keys.limits.hint")}</p>
      <div class="actions">
        <button type="submit" class="button primary" disabled={props.busy} data-testid="save-key-limits">
          {t("team.keys.limits.save")}
        </button>
        <button type="button" class="button ghost" onClick={() => props.onClose()}>
          {t("team.keys.limits.close")}
        </button>
      </div>
    </form>
  );
}
