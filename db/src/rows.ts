// Raw-SQL rows typed as drizzle's: a table's columns as `alias."col" AS "prefix_col"`, and the row read back
// through each column's own driver mapping (timestamps to Date, booleans, JSON), so hand-written hot queries
// return exactly `typeof table.$inferSelect`.
import { getTableColumns, type InferSelectModel, type Table } from "drizzle-orm";
import type { SqlRow } from "./statements";

/** `k."id" AS "k_id", …` for every column of `table`, read from the query's `alias`. */
export function columnsOf(table: Table, alias: string): string {
  return Object.values(getTableColumns(table))
    .map((column) => `${alias}."${column.name}" AS "${alias}_${column.name}"`)
    .join(", ");
}

/** The row `columnsOf(table, alias)` selected, mapped as drizzle maps it. */
export function rowOf<T extends Table>(table: T, alias: string, raw: SqlRow): InferSelectModel<T> {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = raw[`${alias}_${column.name}`];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as InferSelectModel<T>;
}
