// Statements of one tenant, for its admins (team page) and for operators (tenant screen): ledger and usage CSV for a
// date range, and the monthly statement that reconciles opening to closing balance.
import type { MonthlyStatement } from "@waule/shared/statements";
import { createSignal, For, Show } from "solid-js";
import { t } from "../i18n/i18n";
import { ErrorMessage } from "./error-message";
import { createFilters, FilterBar } from "./filter-bar";
import { createFormErrors } from "./form-errors";
import { InputField } from "./form-field";
import { saveFile } from "./save-file";

export type StatementCalls = {
  monthly: (month: string) => Promise<MonthlyStatement>;
  csv: (which: "ledger" | "usage", range: { from?: string; to?: string }) => Promise<Blob>;
};

const thisMonth = () => new Date().toISOString().slice(0, 7);

export function StatementsPanel(props: { calls: StatementCalls; fileStem: string }) {
  const [month, setMonth] = createSignal(thisMonth());
  const [range, setRange] = createFilters({ statementFrom: "", statementTo: "" });
  const [statement, setStatement] = createSignal<MonthlyStatement | null>(null);
  const [error, setError] = createSignal<unknown>(null);
  const fields = createFormErrors(error, ["month"]);

  async function run(work: () => Promise<void>) {
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(err);
    }
  }
  const download = (which: "ledger" | "usage") =>
    run(async () => {
      // Dates are whole UTC days; `to` is inclusive on the form, exclusive on the API.
      const { statementFrom: from, statementTo: to } = range();
      const end = to ? new Date(Date.parse(to) + 86_400_000).toISOString().slice(0, 10) : undefined;
      const blob = await props.calls.csv(which, { from: from || undefined, to: end });
      saveFile(blob, `${props.fileStem}-${which}.csv`);
    });
  const line = (key: Parameters<typeof t>[0], value: number, testId: string) => (
    <tr>
      <td>{t(key)}</td>
      <td class="num" data-testid={testId}>
        {value}
      </td>
    </tr>
  );

  return (
    <div class="panel" data-testid="statements-panel">
      <ErrorMessage error={fields.rest()} />
      <div class="card form">
        <h2>{t("statements.csvTitle")}</h2>
        <FilterBar
          class="field-row three"
          filters={[
            { kind: "date", name: "statementFrom", label: t("team.ledger.from") },
            { kind: "date", name: "statementTo", label: t("team.ledger.to") },
          ]}
          value={range()}
          onChange={setRange}
        />
        <div class="actions">
          <button type="button" class="button" data-testid="download-ledger" onClick={() => void download("ledger")}>
            {t("statements.ledgerCsv")}
          </button>
          <button type="button" class="button" data-testid="download-usage" onClick={() => void download("usage")}>
            {t("statements.usageCsv")}
          </button>
        </div>
      </div>
      <form
        class="card form"
        data-testid="monthly-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => void setStatement(await props.calls.monthly(month())));
        }}
      >
        <h2>{t("statements.monthlyTitle")}</h2>
        <InputField
          label={t("statements.month")}
          error={fields.of("month")}
          type="month"
          name="statementMonth"
          value={month()}
          onValue={setMonth}
        />
        <button type="submit" class="button primary">
          {t("statements.show")}
        </button>
      </form>
      <Show when={statement()}>
        {(s) => (
          <div class="card table-card">
            <table class="table" data-testid="monthly-statement">
              <tbody>
                {line("statements.opening", s().opening_balance, "st-opening")}
                {line("statements.purchases", s().purchases, "st-purchases")}
                {line("statements.recharges", s().recharges, "st-recharges")}
                {line("statements.redeems", s().redeems, "st-redeems")}
                {line("statements.adjustments", s().adjustments, "st-adjustments")}
                {line("statements.expired", s().expired, "st-expired")}
                <For each={s().spend.by_model}>
                  {(m) => (
                    <tr>
                      <td>
                        {t("statements.spendOn")} {m.model} · {m.operation} ({m.calls})
                      </td>
                      <td class="num">-{m.credits}</td>
                    </tr>
                  )}
                </For>
                {line("statements.spend", -s().spend.total, "st-spend")}
                {line("statements.heldChange", s().held_at_start - s().held_at_end, "st-held")}
                {line("statements.closing", s().closing_balance, "st-closing")}
              </tbody>
            </table>
          </div>
        )}
      </Show>
    </div>
  );
}
