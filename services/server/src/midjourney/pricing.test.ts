import { describe, expect, test } from "bun:test";
import { actionKind, midjourneyCost } from "./pricing";

const model = { id: "midjourney", price: 40, pricing: { upscale: 0.5, variation: 1 } };

describe("midjourneyCost", () => {
  test("an imagine costs the per-request price", () => {
    expect(midjourneyCost(model)).toBe(40);
  });
  test("an upscale uses its multiplier and a variation its own", () => {
    expect(midjourneyCost(model, { customId: "MJ::JOB::upsample::2::abc" })).toBe(20);
    expect(midjourneyCost(model, { customId: "MJ::JOB::variation::1::abc" })).toBe(40);
  });
  test("an unnamed action costs the base price unless pricing.action says otherwise; fractions round up", () => {
    expect(midjourneyCost(model, { customId: "MJ::JOB::reroll::0::abc::SOLO" })).toBe(40);
    expect(midjourneyCost({ ...model, price: 5, pricing: { action: 0.3 } }, { customId: "MJ::Outpaint::50::1::abc" })).toBe(2);
  });
  test("names the button kinds", () => {
    expect(["MJ::JOB::upsample::1::h", "MJ::JOB::variation::4::h", "MJ::JOB::reroll::0::h::SOLO", "MJ::CustomZoom::h"].map(actionKind)).toEqual([
      "upscale",
      "variation",
      "reroll",
      "action",
    ]);
  });
});
