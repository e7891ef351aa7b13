// Usage history: the tenant's billed calls, paginated by the server and sorted by date (server-side order).
import { createResource, createSignal, For, Show } from "solid-js";
import { api } from "../../api/api";
import { locale, t } from "../../i18n/i18n";
import { ErrorMessage } from "../../ui/error-message";
import { clampPage, pageCount, toggleOrder, type SortOrder } from "./paging";

const PAGE_SIZE = 20;

export function HistoryPage() {
  const [page, setPage] = createSignal(1);
  const [order, setOrder] = createSignal<SortOrder>("desc");
  const [usage, { refetch }] = createResource(
    () => ({ page: page(), order: order() }),
    (q) => api.usage({ page: q.page, limit: PAGE_SIZE, order: q.order }),
  );
  // Reading a failed resource throws, so the error case is checked first.
  const total = () => (usage.error ? 0 : usage.latest?.total ?? 0);
  const pages = () => pageCount(total(), PAGE_SIZE);
  const formatDate = (iso: string) => new Date(iso).toLocaleString(locale());

  return (
    <section class="page history">
      <h1>{t("history.title")}</h1>
      <Show when={usage.error}>
        <ErrorMessage error={usage.error} />
        <button class="button" type="button" onClick={() => refetch()}>
          {t("common.retry")}
        </button>
      </Show>
      <div class="card table-card">
        <table class="table" data-testid="usage-table">
          <thead>
            <tr>
              <th>
                <button
                  type="button"
                  class="sort"
                  title={order() === "desc" ? t("history.sortNewest") : t("history.sortOldest")}
                  onClick={() => {
                    setOrder(toggleOrder(order()));
                    setPage(1);
                  }}
                >
                  {t("history.date")} {order() === "desc" ? "↓" : "↑"}
                </button>
              </th>
              <th>{t("history.model")}</th>
              <th>{t("history.operation")}</th>
              <th class="num">{t("history.credits")}</th>
            </tr>
          </thead>
          <tbody>
            <For
              each={usage.error ? [] : usage.latest?.data ?? []}
              fallback={
                <tr>
                  <td colSpan={4} class="muted center">
                    {usage.loading ? t("common.loading") : t("history.empty")}
                  </td>
                </tr>
              }
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
      <div class="pager">
        <button class="button" type="button" disabled={page() <= 1} onClick={() => setPage(clampPage(page() - 1, total(), PAGE_SIZE))}>
          {t("history.previous")}
        </button>
        <span class="muted">{t("history.page", { page: page(), pages: pages(), total: total() })}</span>
        <button class="button" type="button" disabled={page() >= pages()} onClick={() => setPage(clampPage(page() + 1, total(), PAGE_SIZE))}>
          {t("history.next")}
        </button>
      </div>
    </section>
  );
}
