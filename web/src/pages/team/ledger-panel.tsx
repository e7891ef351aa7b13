// The tenant's credit ledger, one line per call (hold and settle folded, the model and operation in words) and one per
// credit movement, newest first, paged by the server, filtered by kind and date.

import { createSignal, For, Show } from "solid-js";
import { api } from "../../api/api";
import { t } from "../../i18n/i18n";
import { dayStart } from "../../ui/day-range";
import { ErrorMessage } from "../../ui/error-message";
import { ledgerKindLabel, ledgerLineKinds } from "../../ui/ledger-kinds";
import { LedgerLineCells } from "../../ui/ledger-line";
import { EmptyRow, Pager } from "../../ui/list-parts";
import { createPagedList } from "../../ui/paged-list";

const PAGE_SIZE = 20;
type Kind = (typeof ledgerLineKinds)[number];

export function LedgerPanel() {
  const [kind, setKind] = createSignal<Kind | "">("");
  const [from, setFrom] = createSignal("");
  const [to, setTo] = createSignal("");
  const ledger = createPagedList({
    pageSize: PAGE_SIZE,
    query: () => ({ kind: kind() || undefined, from: dayStart(from()), to: dayStart(to(), 1) }),
    load: (q) => api.team.ledgerCalls(q),
  });
  const filter = ledger.refilter;

  return (
    <div class="panel" data-testid="ledger-panel">
      <div class="field-row three">
        <label class="field">
          <span>{t("team.ledger.kind")}</span>
          <select
            name="ledgerKind"
            value={kind()}
            onChange={(e) => filter(() => setKind(e.currentTarget.value as Kind | ""))}
          >
            <option value="">{t("team.ledger.allKinds")}</option>
            <For each={ledgerLineKinds}>{(k) => <option value={k}>{ledgerKindLabel(k)}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span>{t("team.ledger.from")}</span>
          <input
            type="date"
            name="ledgerFrom"
            value={from()}
            onChange={(e) => filter(() => setFrom(e.currentTarget.value))}
          />
        </label>
        <label class="field">
          <span>{t("team.ledger.to")}</span>
          <input
            type="date"
            name="ledgerTo"
            value={to()}
            onChange={(e) => filter(() => setTo(e.currentTarget.value))}
          />
        </label>
      </div>
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
