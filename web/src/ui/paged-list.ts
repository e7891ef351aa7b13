// One server-paginated list: the page signal, the fetch, the rows and total that survive a refetch, and filter changes that go back to page 1.
import { batch, createResource, createSignal } from "solid-js";
import { pageCount } from "./paging";

export type PageAnswer<Row> = { total: number; data: Row[] };

/** What a pager needs of a paged list, whatever its rows. */
export type PageControls = {
  page: () => number;
  pages: () => number;
  total: () => number;
  pageSize: number;
  setPage: (page: number) => void;
};

export function createPagedList<Query extends object, Row>(options: {
  pageSize: number;
  /** The filters and order; a change refetches. */
  query: () => Query;
  load: (query: Query & { page: number; limit: number }) => Promise<PageAnswer<Row>>;
}) {
  const [page, setPage] = createSignal(1);
  const [list, { refetch }] = createResource(
    () => ({ ...options.query(), page: page(), limit: options.pageSize }),
    options.load,
  );
  // Reading a failed resource throws, so the error case is checked first; `latest` keeps the old page on screen while the next loads.
  const total = () => (list.error ? 0 : (list.latest?.total ?? 0));
  const rows = () => (list.error ? [] : (list.latest?.data ?? []));
  return {
    list,
    rows,
    total,
    page,
    pages: () => pageCount(total(), options.pageSize),
    pageSize: options.pageSize,
    setPage,
    refetch,
    /** Applies a filter or order change and returns to the first page, in one refetch. */
    refilter(apply: () => void): void {
      batch(() => {
        apply();
        setPage(1);
      });
    },
  };
}
