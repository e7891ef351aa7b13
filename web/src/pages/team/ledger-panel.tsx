// The tenant's credit ledger, one line per call (hold and settle folded, the model and operation in words) and one per
// credit movement, newest first, paged by the server, filtered by kind and date.

import { For, Show } from "solid-js";
import { api } from "../../api/api";
import { t } from "../../i18n/i18n";
import { dayStart } from "../../ui/day-range";
import { ErrorMessage } from "../../ui/error-message";
import { createFilters, FilterBar } from "../../ui/filter-bar";
import { ledgerKindLabel, ledgerLineKinds } from "../../ui/ledger-kinds";
import { LedgerLineCells } from "../../ui/ledger-line";
import { EmptyRow, Pager } from "../../ui/list-parts";
import { createPagedList } from "../../ui/paged-list";

const PAGE_SIZE = 20;
type Kind = (typeof ledgerLineKinds)[number];
const kindChoices = () => ledgerLineKinds.map((k) => ({ value: k, label: ledgerKindLabel(k) }));

export function LedgerPanel() {
  const [filter, setFilter] = createFilters({ ledgerKind: "", ledgerFrom: "", ledgerTo: "" });
  const ledger = createPagedList({
    pageSize: PAGE_SIZE,
    query: () => ({
      kind: (filter().ledgerKind || undefined) as Kind | undefined,
      from: dayStart(filter().ledgerFrom),
      to: dayStart(filter().ledgerTo, 1),
    }),
    load: (q) => api.team.ledgerCalls(q),
  });

  return (
    <div class="panel" data-testid="ledger-panel">
      <FilterBar
        class="field-row three"
        filters={[
          {
            kind: "select",
            name: "ledgerKind",
            label: t("team.ledger.kind"),
            all: t("team.ledger.allKinds"),
            options: kindChoices(),
          },
          { kind: "date", name: "ledgerFrom", label: t("team.ledger.from") },
          { kind: "date", name: "ledgerTo", label: t("team.ledger.to") },
        ]}
        value={filter()}
        onChange={(patch) => ledger.refilter(() => setFilter(patch))}
      />
      <Show when={ledger.list.error}>
        <ErrorMessage error={ledger.list.error} />
        <button class="button" type="button" onClick={() => ledger.refetch()}>
          {t("common.retry")}
        </button>
      </Show>
      <div class="card table-card">
        <table class="table" data-testid="ledger-table">
          <thead>
            <tr>
              <th>{t("history.date")}</th>
              <th>{t("team.ledger.what")}</th>
              <th>{t("team.ledger.state")}</th>
              <th class="num">{t("team.ledger.amount")}</th>
              <th class="num">{t("team.ledger.balanceAfter")}</th>
              <th>{t("team.ledger.note")}</th>
            </tr>
          </thead>
          <tbody>
            <For
              each={ledger.rows()}
              fallback={<EmptyRow colSpan={6} loading={ledger.list.loading} text={t("team.ledger.empty")} />}
            >
              {(line) => (
                <tr data-testid="ledger-line">
                  <LedgerLineCells line={line} />
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Pager list={ledger} testId="ledger-pages" />
    </div>
  );
}
