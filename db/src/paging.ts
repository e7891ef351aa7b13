// One page of a list query: its rows and the total count, read together, answered in the shared page shape.
export type PageRequest = { page: number; limit: number };
export type Page<Item> = { data: Item[]; page: number; limit: number; total: number };

export async function readPage<Row, Item>(
  request: PageRequest,
  rows: (limit: number, offset: number) => PromiseLike<Row[]>,
  total: () => PromiseLike<{ n: number }[]>,
  toItem: (row: Row) => Item,
): Promise<Page<Item>> {
  const [found, [counted]] = await Promise.all([rows(request.limit, (request.page - 1) * request.limit), total()]);
  return { data: found.map((row) => toItem(row)), page: request.page, limit: request.limit, total: counted?.n ?? 0 };
}
