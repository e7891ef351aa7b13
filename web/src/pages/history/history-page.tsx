// History: every billed call with what it made (preview, prompt, model, cost, download), newest first, paged by the
// server and filtered by kind, model, user and date. Members see their own calls; tenant admins everyone's, with who made each.
import type { UsageRecord } from "@waule/shared/account";
import { createSignal, For, Show } from "solid-js";
import { api } from "../../api/api";
import { locale, t } from "../../i18n/i18n";
import { canManageTeam } from "../../session/account";
import { dayRange } from "../../ui/day-range";
import { ErrorMessage } from "../../ui/error-message";
import { EmptyRow, Pager, SortButton } from "../../ui/list-parts";
import { operationLabel } from "../../ui/operations";
import { createPagedList } from "../../ui/paged-list";
import { type SortOrder, toggleOrder } from "../../ui/paging";
import { type HistoryFilter, HistoryFilters, noFilter } from "./history-filters";
import { ResultPreview } from "./result-preview";
import "./history.css";

const PAGE_SIZE = 20;

function HistoryRow(props: { row: UsageRecord; showUser: boolean }) {
  return (
    <tr data-testid="history-row" data-operation={props.row.operation}>
      <td class="nowrap">{new Date(props.row.createdAt).toLocaleString(locale())}</td>
      <Show when={props.showUser}>
        <td data-testid="history-user">{props.row.username ?? t("history.apiKeyCaller")}</td>
      </Show>
      <td>{operationLabel(props.row.operation)}</td>
      <td>{props.row.model}</td>
      <td class="prompt-cell" data-testid="history-prompt">
        {props.row.prompt ?? ""}
      </td>
      <td>
        <div class="result-strip">
          <For each={props.row.results} fallback={<span class="muted small">—</span>}>
            {(result) => <ResultPreview result={result} alt={props.row.prompt ?? props.row.model} />}
          </For>
        </div>
      </td>
      <td class="num">{props.row.credits}</td>
    </tr>
  );
}

export function HistoryPage() {
  const [order, setOrder] = createSignal<SortOrder>("desc");
  const [filter, setFilter] = createSignal<HistoryFilter>(noFilter);
  const usage = createPagedList({
    pageSize: PAGE_SIZE,
    query: () => {
      const f = filter();
      return {
        order: order(),
        operation: f.operation || undefined,
        model: f.model || undefined,
        userId: f.userId || undefined,
        ...dayRange(f.from, f.to),
      };
    },
    load: (q) => api.usage(q),
  });
  const columns = () => (canManageTeam() ? 7 : 6);

  return (
    <section class="page history">
      <h1>{t("history.title")}</h1>
      <HistoryFilters
        filter={filter()}
        showUsers={canManageTeam()}
        onChange={(change) => usage.refilter(() => setFilter((f) => ({ ...f, ...change })))}
      />
      <Show when={usage.list.error}>
        <ErrorMessage error={usage.list.error} />
        <button class="button" type="button" onClick={() => usage.refetch()}>
          {t("common.retry")}
        </button>
      </Show>
      <div class="card table-card">
        <table class="table" data-testid="usage-table">
          <thead>
            <tr>
              <th>
                <SortButton
                  order={order()}
                  onToggle={() => usage.refilter(() => setOrder(toggleOrder(order())))}
                  label={t("history.date")}
                  title={order() === "desc" ? t("history.sortNewest") : t("history.sortOldest")}
                />
              </th>
              <Show when={canManageTeam()}>
                <th>{t("history.user")}</th>
              </Show>
              <th>{t("history.type")}</th>
              <th>{t("history.model")}</th>
              <th>{t("history.prompt")}</th>
              <th>{t("history.result")}</th>
              <th class="num">{t("history.credits")}</th>
            </tr>
          </thead>
          <tbody>
            <For
              each={usage.rows()}
              fallback={<EmptyRow colSpan={columns()} loading={usage.list.loading} text={t("history.empty")} />}
            >
              {(row) => <HistoryRow row={row} showUser={canManageTeam()} />}
            </For>
          </tbody>
        </table>
      </div>
      <Pager list={usage} />
    </section>
  );
}
