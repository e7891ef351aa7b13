import { describe, expect, test } from "bun:test";
import { videoCost } from "./pricing";

const model = { id: "v", price: 5, priceUnit: "per_second" as const, pricing: null };

describe("videoCost", () => {
  test("charges seconds × per-second price at the base resolution", () => {
    expect(videoCost(model, 4, "720p")).toBe(20);
  });
  test("applies the resolution multiplier from pricing and rounds up", () => {
    const priced = { ...model, pricing: { "480p": 0.5, "1080p": 2.5 } };
    expect(videoCost(priced, 3, "480p")).toBe(8); // 7.5 → 8
    expect(videoCost(priced, 3, "1080p")).toBe(38); // 37.5 → 38
    expect(videoCost(priced, 3, "720p")).toBe(15);
  });
  test("a per-request model ignores the duration", () => {
    expect(videoCost({ ...model, priceUnit: "per_request", price: 40 }, 10, "720p")).toBe(40);
  });
  test("refuses a negative multiplier", () => {
    expect(() => videoCost({ ...model, pricing: { "720p": -1 } }, 2, "720p")).toThrow();
  });
});
