// Page arithmetic for every paginated table, kept pure so it is tested without a browser.
export function pageCount(total: number, limit: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, limit)));
}

export function clampPage(page: number, total: number, limit: number): number {
  return Math.min(Math.max(1, Math.floor(page)), pageCount(total, limit));
}

export type SortOrder = "asc" | "desc";

export function toggleOrder(order: SortOrder): SortOrder {
  return order === "desc" ? "asc" : "desc";
}
