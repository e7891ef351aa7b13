import { describe, expect, test } from "bun:test";
import type { ModelEntry } from "../../api/models";
import { estimateImageCredits } from "./price";

const model = (price: number | undefined) =>
  ({ id: "m", waule: { price, price_unit: "per_image" } }) as unknown as ModelEntry;

describe("estimateImageCredits", () => {
  test("is the per-image price times the count, as the server bills", () => {
    expect(estimateImageCredits(model(10), 3)).toBe(30);
    expect(estimateImageCredits(model(7), 1)).toBe(7);
  });

  test("shows nothing rather than a wrong number for an unpriced model", () => {
    expect(estimateImageCredits(model(undefined), 2)).toBeNull();
    expect(estimateImageCredits(undefined, 2)).toBeNull();
  });
});
