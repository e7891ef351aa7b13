// Pieces every paginated table shares: the sort-by-date header button, the loading/empty row, and the pager.
import type { JSX } from "solid-js";
import { t } from "../i18n/i18n";
import { clampPage, pageCount, type SortOrder } from "./paging";

export function SortButton(props: { order: SortOrder; onToggle: () => void; label: string; title?: string; testId?: string }) {
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

export function Pager(props: { page: number; total: number; pageSize: number; onPage: (page: number) => void; summary: JSX.Element; testId?: string }) {
  const go = (page: number) => props.onPage(clampPage(page, props.total, props.pageSize));
  return (
    <div class="pager">
      <button class="button" type="button" disabled={props.page <= 1} onClick={() => go(props.page - 1)}>
        {t("common.previous")}
      </button>
      <span class="muted" data-testid={props.testId}>
        {props.summary}
      </span>
      <button class="button" type="button" disabled={props.page >= pageCount(props.total, props.pageSize)} onClick={() => go(props.page + 1)}>
        {t("common.next")}
      </button>
    </div>
  );
}
