import { expect, test } from "bun:test";
import type { ModelEntry } from "../../api/models";
import { estimateVideoCredits } from "./price";

const video = (waule: Partial<ModelEntry["waule"]>): ModelEntry => ({
  id: "v",
  waule: { capability: "video", ...waule },
});

test("multiplies seconds by the per-second price and the resolution's multiplier, rounding up", () => {
  const model = video({ price: 5, price_unit: "per_second", pricing: { "480p": 0.5, "1080p": 2 } });
  expect(estimateVideoCredits(model, 5, "720p")).toBe(25);
  expect(estimateVideoCredits(model, 5, "1080p")).toBe(50);
  expect(estimateVideoCredits(model, 3, "480p")).toBe(8);
});

test("a per-request model costs its price whatever the duration; an unpriced one has no estimate", () => {
  expect(estimateVideoCredits(video({ price: 40, price_unit: "per_request" }), 10, "720p")).toBe(40);
  expect(estimateVideoCredits(video({}), 10, "720p")).toBeNull();
});

test("a model with a bad multiplier has no estimate (the server would refuse it)", () => {
  expect(
    estimateVideoCredits(video({ price: 5, price_unit: "per_second", pricing: { "720p": -1 } }), 5, "720p"),
  ).toBeNull();
});
