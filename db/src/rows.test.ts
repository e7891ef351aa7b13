import { describe, expect, test } from "bun:test";
import { getTableColumns } from "drizzle-orm";
import { columnCount, columnsOf, rowAt, rowOf } from "./rows";
import { tenantApiKeys, tenants } from "./server";

describe("rows read by position", () => {
  test("rowAt maps a row of values as rowOf maps the same row by name (dates, booleans, JSON), from any offset", () => {
    const keyColumns = Object.values(getTableColumns(tenantApiKeys));
    const tenantColumns = Object.values(getTableColumns(tenants));
    expect(columnCount(tenantApiKeys)).toBe(keyColumns.length);
    expect(columnsOf(tenantApiKeys, "k").split(", ")).toHaveLength(keyColumns.length);
    // A driver row of sample values: timestamps as numbers, booleans as 0/1, JSON as text, some NULLs.
    const sample = (column: { name: string; columnType: string; dataType: string }, i: number): unknown => {
      if (i % 7 === 3) return null;
      if (column.dataType === "date") return 1_700_000_000_000 + i;
      if (column.dataType === "boolean") return i % 2;
      if (column.dataType === "json" || column.dataType === "array") return JSON.stringify(["m", i]);
      if (column.dataType === "number") return i * 10;
      return `${column.name}-${i}`;
    };
    const keyValues = keyColumns.map(sample);
    const tenantValues = tenantColumns.map((c, i) => sample(c, i + 100));
    const byName: Record<string, unknown> = {};
    keyColumns.forEach((c, i) => {
      byName[`k_${c.name}`] = keyValues[i];
    });
    tenantColumns.forEach((c, i) => {
      byName[`t_${c.name}`] = tenantValues[i];
    });
    const values = [...keyValues, ...tenantValues];
    const key = rowAt(tenantApiKeys, values, 0);
    const tenant = rowAt(tenants, values, keyColumns.length);
    expect(key).toEqual(rowOf(tenantApiKeys, "k", byName));
    expect(tenant).toEqual(rowOf(tenants, "t", byName));
    // The mappings really ran: a date column came back as a Date, not the number.
    expect(key.createdAt).toBeInstanceOf(Date);
    expect(tenant.id).toBe(`id-${100}`);
  });
});
