import { expect, test } from "bun:test";
import { csvCell, csvResponse, parseCsv } from "./csv";

test("quotes what needs quoting and defuses formulas in text, not in numbers", () => {
  expect(csvCell(-12)).toBe("-12");
  expect(csvCell(null)).toBe("");
  expect(csvCell('say "hi", then go')).toBe('"say ""hi"", then go"');
  expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
  expect(csvCell("-1+2")).toBe("'-1+2");
  expect(csvCell("充值 invoice 7")).toBe("充值 invoice 7");
});

test("streams every page in order, reading the next page only when the client reads", async () => {
  const reads: (number | null)[] = [];
  const res = csvResponse<number>("x.csv", ["n", "note"], async (cursor) => {
    reads.push(cursor);
    const start = cursor ?? 0;
    return {
      rows: [
        [start, `row ${start}`],
        [start + 1, "a,b"],
      ],
      next: start >= 4 ? null : start + 2,
    };
  });
  expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  // Nothing has been read before the body is.
  expect(reads).toEqual([]);
  const rows = parseCsv(await res.text());
  expect(rows).toEqual([
    ["n", "note"],
    ["0", "row 0"],
    ["1", "a,b"],
    ["2", "row 2"],
    ["3", "a,b"],
    ["4", "row 4"],
    ["5", "a,b"],
  ]);
  expect(reads).toEqual([null, 2, 4]);
});
