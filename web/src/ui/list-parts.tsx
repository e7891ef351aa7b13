// Pieces every paginated table shares: the sort-by-date header button, the loading/empty row, and the pager.
import { t } from "../i18n/i18n";
import type { PageControls } from "./paged-list";
import { clampPage, type SortOrder } from "./paging";

export function SortButton(props: {
  order: SortOrder;
  onToggle: () => void;
  label: string;
  title?: string;
  testId?: string;
}) {
  return (
    <button type="button" class="sort" data-testid={props.testId} title={props.title} onClick={() => props.onToggle()}>
      {props.label} {props.order === "desc" ? "↓" : "↑"}
    </button>
  );
}

/** The single row a table shows while it has no rows: loading, or its empty text. */
export function EmptyRow(props: { colSpan: number; loading: boolean; text: string }) {
  return (
    <tr>
      <td colSpan={props.colSpan} class="muted center">
        {props.loading ? t("common.loading") : props.text}
      </td>
    </tr>
  );
}

/** Previous/next around "page x of y"; the summary line defaults to the app's own wording. */
export function Pager(props: {
  list: PageControls;
  summary?: (counts: { page: number; pages: number; total: number }) => string;
  testId?: string;
}) {
  const go = (page: number) => props.list.setPage(clampPage(page, props.list.total(), props.list.pageSize));
  const summary = () => {
    const counts = { page: props.list.page(), pages: props.list.pages(), total: props.list.total() };
    return props.summary ? props.summary(counts) : t("history.page", counts);
  };
  return (
    <div class="pager">
      <button class="button" type="button" disabled={props.list.page() <= 1} onClick={() => go(props.list.page() - 1)}>
        {t("common.previous")}
      </button>
      <span class="muted" data-testid={props.testId}>
        {summary()}
      </span>
      <button
        class="button"
        type="button"
        disabled={props.list.page() >= props.list.pages()}
        onClick={() => go(props.list.page() + 1)}
      >
        {t("common.next")}
      </button>
    </div>
  );
}
