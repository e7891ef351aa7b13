import { expect, test } from "bun:test";
import { readPage } from "./paging";

test("asks for the page's window, maps each row, and reports the total", async () => {
  const asked: [number, number][] = [];
  const page = await readPage(
    { page: 3, limit: 10 },
    async (limit, offset) => {
      asked.push([limit, offset]);
      return [{ v: 1 }, { v: 2 }];
    },
    async () => [{ n: 22 }],
    (row) => row.v * 10,
  );
  expect(asked).toEqual([[10, 20]]);
  expect(page).toEqual({ data: [10, 20], page: 3, limit: 10, total: 22 });
});

test("an empty count answers a total of 0", async () => {
  const page = await readPage(
    { page: 1, limit: 5 },
    async () => [],
    async () => [],
    (row: never) => row,
  );
  expect(page).toEqual({ data: [], page: 1, limit: 5, total: 0 });
});
