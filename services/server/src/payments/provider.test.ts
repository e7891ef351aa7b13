// Minor units ↔ the decimal strings Alipay speaks: exact both ways, and anything not an exact amount is refused.
import { expect, test } from "bun:test";
import { fromDecimal, toDecimal } from "./provider";

test("minor units become two-decimal strings", () => {
  expect([1, 10, 99, 100, 1999, 100000].map(toDecimal)).toEqual(["0.01", "0.10", "0.99", "1.00", "19.99", "1000.00"]);
});

test("decimal strings become minor units exactly, and malformed ones are null", () => {
  expect(["0.01", "0.1", "19.99", "20", "1000.00"].map(fromDecimal)).toEqual([1, 10, 1999, 2000, 100000]);
  expect(["", "1.999", "-1.00", "1e3", "19,99", " 1.00", "abc"].map(fromDecimal)).toEqual([
    null,
    null,
    null,
    null,
    null,
    null,
    null,
  ]);
});
