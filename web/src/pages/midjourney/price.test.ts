import { expect, test } from "bun:test";
import type { ModelEntry } from "../../api/models";
import { estimateMidjourneyCredits } from "./price";

const mj = (waule: Partial<ModelEntry["waule"]>): ModelEntry => ({
  id: "midjourney",
  waule: { capability: "midjourney", ...waule },
});
const listed = mj({
  price: 40,
  price_unit: "per_request",
  pricing: { upscale: 0.5, variation: 1, reroll: 1, deadlineSeconds: 1800 },
});

test("an imagine costs the listed per-request price", () => {
  expect(estimateMidjourneyCredits(listed)).toBe(40);
});

test("a button costs the price times its kind's multiplier: U is an upscale, V a variation", () => {
  expect(estimateMidjourneyCredits(listed, "MJ::JOB::upsample::1::hash")).toBe(20);
  expect(estimateMidjourneyCredits(listed, "MJ::JOB::variation::3::hash")).toBe(40);
  expect(estimateMidjourneyCredits(mj({ price: 5, pricing: { action: 0.3 } }), "MJ::Outpaint::50::1::hash")).toBe(2);
});

test("no estimate for an unpriced model, a bad multiplier, or a model not listed", () => {
  expect(estimateMidjourneyCredits(mj({}))).toBeNull();
  expect(estimateMidjourneyCredits(mj({ price: 40, pricing: { upscale: -1 } }), "MJ::JOB::upsample::1::h")).toBeNull();
  expect(estimateMidjourneyCredits(undefined)).toBeNull();
});
