import { describe, expect, test } from "bun:test";
import { clampPage, pageCount, toggleOrder } from "./paging";

describe("paging", () => {
  test("counts pages, with one page for an empty list", () => {
    expect(pageCount(0, 20)).toBe(1);
    expect(pageCount(20, 20)).toBe(1);
    expect(pageCount(21, 20)).toBe(2);
  });

  test("keeps the page inside 1..pageCount", () => {
    expect(clampPage(0, 45, 20)).toBe(1);
    expect(clampPage(7, 45, 20)).toBe(3);
    expect(clampPage(2, 45, 20)).toBe(2);
  });

  test("date sorting flips between newest and oldest first", () => {
    expect(toggleOrder("desc")).toBe("asc");
    expect(toggleOrder("asc")).toBe("desc");
  });
});
