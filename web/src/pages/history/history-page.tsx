// Usage history: the tenant's billed calls, paginated by the server and sorted by date (server-side order).
import { createSignal, For, Show } from "solid-js";
import { api } from "../../api/api";
import { locale, t } from "../../i18n/i18n";
import { ErrorMessage } from "../../ui/error-message";
import { EmptyRow, Pager, SortButton } from "../../ui/list-parts";
import { createPagedList } from "../../ui/paged-list";
import { type SortOrder, toggleOrder } from "../../ui/paging";

const PAGE_SIZE = 20;

export function HistoryPage() {
  const [order, setOrder] = createSignal<SortOrder>("desc");
  const usage = createPagedList({ pageSize: PAGE_SIZE, query: () => ({ order: order() }), load: (q) => api.usage(q) });
  const formatDate = (iso: string) => new Date(iso).toLocaleString(locale());

  return (
    <section class="page history">
      <h1>{t("history.title")}</h1>
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
              <th>{t("history.model")}</th>
              <th>{t("history.operation")}</th>
              <th class="num">{t("history.credits")}</th>
            </tr>
          </thead>
          <tbody>
            <For
              each={usage.rows()}
              fallback={<EmptyRow colSpan={4} loading={usage.list.loading} text={t("history.empty")} />}
            >
              {(row) => (
                <tr>
                  <td>{formatDate(row.createdAt)}</td>
                  <td>{row.model}</td>
                  <td>{row.operation}</td>
                  <td class="num">{row.credits}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Pager list={usage} />
    </section>
  );
}
