// Raw-SQL rows typed as drizzle's: a table's columns as `alias."col" AS "alias_col"`, and the row read back
// through each column's own driver mapping (timestamps to Date, booleans, JSON), so hand-written hot queries
// return exactly `typeof table.$inferSelect`.
import { Column, getTableColumns, type InferSelectModel, type Table } from "drizzle-orm";
import type { SqlRow } from "./statements";

/** `k."id" AS "k_id", …` for every column of `table`, read from the query's `alias`. */
export function columnsOf(table: Table, alias: string): string {
  return Object.values(getTableColumns(table))
    .map((column) => `${alias}."${column.name}" AS "${alias}_${column.name}"`)
    .join(", ");
}

/** Per table and alias: each field's result name and its driver mapping, or null where drizzle maps nothing. */
type Reader = { key: string; from: string; map: ((value: unknown) => unknown) | null }[];
const readers = new WeakMap<Table, Map<string, Reader>>();

function readerOf(table: Table, alias: string): Reader {
  let byAlias = readers.get(table);
  if (!byAlias) {
    byAlias = new Map();
    readers.set(table, byAlias);
  }
  let reader = byAlias.get(alias);
  if (!reader) {
    reader = Object.entries(getTableColumns(table)).map(([key, column]) => ({
      key,
      from: `${alias}_${column.name}`,
      // A column that keeps the base class's mapping passes values through: no call per row for it.
      map:
        column.mapFromDriverValue === Column.prototype.mapFromDriverValue
          ? null
          : (value: unknown) => column.mapFromDriverValue(value),
    }));
    byAlias.set(alias, reader);
  }
  return reader;
}

/** The row `columnsOf(table, alias)` selected, mapped as drizzle maps it. */
export function rowOf<T extends Table>(table: T, alias: string, raw: SqlRow): InferSelectModel<T> {
  const row: Record<string, unknown> = {};
  for (const { key, from, map } of readerOf(table, alias)) {
    const value = raw[from];
    row[key] = value === null || value === undefined ? null : map ? map(value) : value;
  }
  return row as InferSelectModel<T>;
}

/** How many values `columnsOf(table, …)` selects: the next table's values in the same row start after them. */
export function columnCount(table: Table): number {
  return Object.keys(getTableColumns(table)).length;
}

/** The row `columnsOf(table, …)` selected, read from a row of values (Statements.getValues) from `offset` on. */
export function rowAt<T extends Table>(table: T, values: readonly unknown[], offset: number): InferSelectModel<T> {
  const row: Record<string, unknown> = {};
  const reader = readerOf(table, "");
  for (let i = 0; i < reader.length; i++) {
    const { key, map } = reader[i]!;
    const value = values[offset + i];
    row[key] = value === null || value === undefined ? null : map ? map(value) : value;
  }
  return row as InferSelectModel<T>;
}
