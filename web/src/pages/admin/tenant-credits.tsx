// A tenant's credits: the recharge/adjust form (a note is required) and its ledger, newest first.
import { createSignal, Show } from "solid-js";
import { t } from "../../i18n/i18n";
import { ErrorMessage } from "../../ui/error-message";
import { createFormErrors } from "../../ui/form-errors";
import { InputField, SelectField } from "../../ui/form-field";
import { LedgerLineCells } from "../../ui/ledger-line";
import { createPagedList } from "../../ui/paged-list";
import { adminApi } from "./admin-api";
import { at } from "./messages";
import { PagedTable } from "./parts";

export function CreditForm(props: { tenantId: string; onChanged: () => void }) {
  const [kind, setKind] = createSignal<"recharge" | "adjust">("recharge");
  const [credits, setCredits] = createSignal("");
  const [note, setNote] = createSignal("");
  const [error, setError] = createSignal<unknown>(null);
  const [done, setDone] = createSignal<number | null>(null);
  const [busy, setBusy] = createSignal(false);
  const fields = createFormErrors(error, ["credits", "note"]);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const body = { credits: Number(credits()), note: note().trim() };
      const answer =
        kind() === "recharge"
          ? await adminApi.recharge(props.tenantId, body)
          : await adminApi.adjust(props.tenantId, body);
      setDone(answer.balance);
      setCredits("");
      setNote("");
      props.onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card form" onSubmit={submit} data-testid="credit-form">
      <h2>{at("tenant.credits.title")}</h2>
      <div class="field-row">
        <SelectField
          label={at("tenant.credits.kind")}
          name="creditKind"
          value={kind()}
          onValue={(v) => setKind(v as "recharge" | "adjust")}
          options={[
            { value: "recharge", label: at("tenant.credits.recharge") },
            { value: "adjust", label: at("tenant.credits.adjust") },
          ]}
        />
        <InputField
          label={at("tenant.credits.amount")}
          error={fields.of("credits")}
          name="credits"
          type="number"
          step="1"
          min={kind() === "recharge" ? "1" : undefined}
          required
          value={credits()}
          onValue={setCredits}
        />
        <InputField
          label={at("tenant.credits.note")}
          error={fields.of("note")}
          name="note"
          required
          maxLength={500}
          value={note()}
          onValue={setNote}
        />
      </div>
      {/* The operator removed more than the tenant has: say so as the operator's own fact, not the tenant's "top up". */}
      <ErrorMessage
        error={fields.rest()}
        titles={{
          insufficient_credits: { text: at("tenant.credits.overdraw", { credits: Math.abs(Number(credits())) }) },
        }}
      />
      <Show when={done() !== null}>
        <p class="muted" data-testid="credit-done">
          {at("tenant.credits.done", { balance: done() ?? 0 })}
        </p>
      </Show>
      <button class="button primary" type="submit" disabled={busy()}>
        {at("tenant.credits.submit")}
      </button>
    </form>
  );
}

const LIMIT = 20;

export function LedgerTable(props: { tenantId: string; version: number }) {
  // A new version (after a recharge or adjustment) re-reads the page shown.
  const ledger = createPagedList({
    pageSize: LIMIT,
    query: () => ({ id: props.tenantId, v: props.version }),
    load: (q) => adminApi.ledgerCalls(q.id, { page: q.page, limit: q.limit }),
  });
  return (
    <div class="card table-card">
      <h2>{at("tenant.ledger.title")}</h2>
      <PagedTable
        paged={ledger}
        testId="ledger-table"
        columns={6}
        inCard
        head={
          <>
            <th>{at("common.created")}</th>
            <th>{t("team.ledger.what")}</th>
            <th>{t("team.ledger.state")}</th>
            <th class="num">{at("tenant.ledger.amount")}</th>
            <th class="num">{at("tenant.ledger.after")}</th>
            <th>{at("tenant.ledger.note")}</th>
          </>
        }
      >
        {(line) => (
          <tr data-testid="ledger-line">
            <LedgerLineCells line={line} />
          </tr>
        )}
      </PagedTable>
    </div>
  );
}
