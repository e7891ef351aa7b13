// Small pieces every console screen uses: in-app links, a paged table with its pager, dates in the chosen language.
import { For, type JSX, Show } from "solid-js";
import { locale } from "../../i18n/i18n";
import { AppLink } from "../../ui/app-link";
import { ErrorMessage } from "../../ui/error-message";
import { EmptyRow, Pager as ListPager } from "../../ui/list-parts";
import type { PageControls } from "../../ui/paged-list";
import { at } from "./messages";

export function AdminLink(props: { to: string; class?: string; children: JSX.Element; testid?: string }) {
  return (
    <AppLink to={props.to} class={props.class ?? "link"} data-testid={props.testid}>
      {props.children}
    </AppLink>
  );
}

export const formatDate = (iso: string | null) => (iso ? new Date(iso).toLocaleString(locale()) : "—");

/** The app's pager with the console's own summary line. */
function Pager(props: { list: PageControls }) {
  return <ListPager list={props.list} summary={(counts) => at("common.page", counts)} />;
}

/** What a paged table reads of a paged list (createPagedList). */
export type PagedRows<Row> = PageControls & { list: { error: unknown; loading: boolean }; rows: () => Row[] };

/**
 * A console table over a paged list: its load error, the header cells, a row per item (or the loading/empty row),
 * then the pager. In a card of its own unless `inCard` says the caller's card already holds it.
 */
export function PagedTable<Row>(props: {
  paged: PagedRows<Row>;
  testId: string;
  columns: number;
  head: JSX.Element;
  children: (row: Row) => JSX.Element;
  inCard?: boolean;
}) {
  const table = () => (
    <table class="table" data-testid={props.testId}>
      <thead>
        <tr>{props.head}</tr>
      </thead>
      <tbody>
        <For
          each={props.paged.rows()}
          fallback={<EmptyRow colSpan={props.columns} loading={props.paged.list.loading} text={at("common.empty")} />}
        >
          {props.children}
        </For>
      </tbody>
    </table>
  );
  return (
    <>
      <Show when={props.paged.list.error}>
        <ErrorMessage error={props.paged.list.error} />
      </Show>
      <Show when={!props.inCard} fallback={table()}>
        <div class="card table-card">{table()}</div>
      </Show>
      <Pager list={props.paged} />
    </>
  );
}

/** The gateway's own admin pages (provider keys, storage, Discord accounts); set VITE_GATEWAY_ADMIN_URL when it lives elsewhere. */
export const gatewayAdminUrl: string = import.meta.env.VITE_GATEWAY_ADMIN_URL ?? "http://localhost:9000/admin";
