// Credits for a tenant admin: redeem a code (卡密), the low-balance alert threshold, and the tenant's statements.
import { createResource, createSignal, Show } from "solid-js";
import { api } from "../../api/api";
import { t } from "../../i18n/i18n";
import { ErrorMessage } from "../../ui/error-message";
import { type StatementCalls, StatementsPanel } from "../../ui/statements-panel";

const statementCalls: StatementCalls = { monthly: api.team.monthlyStatement, csv: api.team.statementCsv };

function RedeemForm(props: { onCreditsChanged: () => void }) {
  const [code, setCode] = createSignal("");
  const [added, setAdded] = createSignal<{ credits: number; balance: number } | null>(null);
  const [error, setError] = createSignal<unknown>(null);
  const [busy, setBusy] = createSignal(false);
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setAdded(null);
    try {
      const answer = await api.team.redeem(code().trim());
      setAdded({ credits: answer.credits_added, balance: answer.balance });
      setCode("");
      props.onCreditsChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="card form" data-testid="redeem-form" onSubmit={submit}>
      <h2>{t("billing.redeemTitle")}</h2>
      <label class="field">
        <span>{t("billing.code")}</span>
        <input
          name="redeemCode"
          required
          maxLength={100}
          placeholder="WR-XXXX-XXXX-XXXX-XXXX"
          value={code()}
          onInput={(e) => setCode(e.currentTarget.value)}
        />
      </label>
      <ErrorMessage error={error()} />
      <Show when={added()}>
        {(a) => (
          <p class="muted" data-testid="redeem-done">
            {t("billing.redeemed", { credits: a().credits, balance: a().balance })}
          </p>
        )}
      </Show>
      <button type="submit" class="button primary" disabled={busy()}>
        {t("billing.redeem")}
      </button>
    </form>
  );
}

function AlertForm(props: { onChanged: () => void }) {
  const [settings, { mutate }] = createResource(() => api.team.balanceAlert());
  const [value, setValue] = createSignal<string | null>(null);
  const [error, setError] = createSignal<unknown>(null);
  const shown = () => value() ?? String(settings()?.threshold ?? "");
  async function save(threshold: number | null) {
    setError(null);
    try {
      mutate(await api.team.setBalanceAlert({ threshold }));
      setValue(null);
      props.onChanged();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form
      class="card form"
      data-testid="alert-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save(shown() === "" ? null : Number(shown()));
      }}
    >
      <h2>{t("billing.alertTitle")}</h2>
      <p class="muted">{t("billing.alertHelp")}</p>
      <label class="field">
        <span>{t("billing.threshold")}</span>
        <input
          name="alertThreshold"
          type="number"
          min="1"
          step="1"
          value={shown()}
          onInput={(e) => setValue(e.currentTarget.value)}
        />
      </label>
      <ErrorMessage error={error() ?? settings.error} />
      <Show when={settings()}>
        {(s) => (
          <p class="muted" data-testid="alert-state">
            {s().threshold === null ? t("billing.alertOff") : s().low ? t("billing.alertLow") : t("billing.alertOk")}
          </p>
        )}
      </Show>
      <div class="actions">
        <button type="submit" class="button primary">
          {t("settings.save")}
        </button>
        <button type="button" class="button" onClick={() => void save(null)}>
          {t("billing.alertDisable")}
        </button>
      </div>
    </form>
  );
}

export function BillingPanel(props: { tenantId: string; onCreditsChanged: () => void }) {
  return (
    <div class="panel" data-testid="billing-panel">
      <RedeemForm onCreditsChanged={props.onCreditsChanged} />
      <AlertForm onChanged={props.onCreditsChanged} />
      <StatementsPanel calls={statementCalls} fileStem={props.tenantId} />
    </div>
  );
}
