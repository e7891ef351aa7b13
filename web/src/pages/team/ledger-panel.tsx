// The tenant's credit ledger: every balance movement, newest first, paged by the server, filtered by kind and date.

import { createSignal, For, Show } from "solid-js";
import { api } from "../../api/api";
import { locale, t } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/zh-CN";
import { dayStart } from "../../ui/day-range";
import { ErrorMessage } from "../../ui/error-message";
import { EmptyRow, Pager } from "../../ui/list-parts";
import { createPagedList } from "../../ui/paged-list";

const PAGE_SIZE = 20;
const kinds = ["hold", "settle", "release", "recharge", "adjust", "redeem"] as const;
type Kind = (typeof kinds)[number];

export function LedgerPanel() {
  const [kind, setKind] = createSignal<Kind | "">("");
  const [from, setFrom] = createSignal("");
  const [to, setTo] = createSignal("");
  const ledger = createPagedList({
    pageSize: PAGE_SIZE,
    query: () => ({ kind: kind() || undefined, from: dayStart(from()), to: dayStart(to(), 1) }),
    load: (q) => api.team.ledger(q),
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
            <For each={kinds}>{(k) => <option value={k}>{t(`team.ledger.kind.${k}` as MessageKey)}</option>}</For>
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
              <th>{t("team.ledger.kind")}</th>
              <th class="num">{t("team.ledger.amount")}</th>
              <th class="num">{t("team.ledger.balanceAfter")}</th>
              <th>{t("team.ledger.note")}</th>
            </tr>
          </thead>
          <tbody>
            <For
              each={ledger.rows()}
              fallback={<EmptyRow colSpan={5} loading={ledger.list.loading} text={t("team.ledger.empty")} />}
            >
              {(row) => (
                <tr>
                  <td>{new Date(row.createdAt).toLocaleString(locale())}</td>
                  <td>{t(`team.ledger.kind.${row.kind}` as MessageKey)}</td>
                  <td class="num">{row.amount > 0 ? `+${row.amount}` : row.amount}</td>
                  <td class="num">{row.balanceAfter}</td>
                  <td>{row.note ?? row.requestId ?? ""}</td>
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
