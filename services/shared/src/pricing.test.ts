import { describe, expect, test } from "bun:test";
import { estimatePromptTokens, estimateTokens } from "./chat";
import {
  applyPriceGroup,
  chatCharge,
  chatPrices,
  chatTokenCredits,
  countTokens,
  creditsForTokens,
  DEFAULT_COMPLETION_CAP,
  imageCredits,
  midjourneyActionKind,
  midjourneyCredits,
  planChat,
  speechCredits,
  videoCredits,
} from "./pricing";

describe("image pricing", () => {
  test("charges the price per image", () => {
    expect(imageCredits({ price: 10 }, 3)).toBe(30);
    expect(imageCredits({ price: 10 }, 0)).toBe(0);
  });
});

describe("speech pricing", () => {
  test("charges per started 1K characters, nothing for a negative price", () => {
    expect(speechCredits({ price: 2 }, 1)).toBe(2);
    expect(speechCredits({ price: 2 }, 1000)).toBe(2);
    expect(speechCredits({ price: 2 }, 1001)).toBe(4);
    expect(speechCredits({ price: 2 }, 0)).toBe(0);
    expect(speechCredits({ price: -3 }, 500)).toBe(0);
  });
});

describe("video pricing", () => {
  const model = { id: "v", price: 5, priceUnit: "per_second" as const, pricing: null };
  test("charges seconds × per-second price at the base resolution", () => {
    expect(videoCredits(model, 4, "720p")).toBe(20);
  });
  test("applies the resolution multiplier from pricing and rounds up", () => {
    const priced = { ...model, pricing: { "480p": 0.5, "1080p": 2.5 } };
    expect(videoCredits(priced, 3, "480p")).toBe(8); // 7.5 → 8
    expect(videoCredits(priced, 3, "1080p")).toBe(38); // 37.5 → 38
    expect(videoCredits(priced, 3, "720p")).toBe(15);
  });
  test("a per-request model ignores the duration but not the multiplier", () => {
    expect(videoCredits({ ...model, priceUnit: "per_request", price: 40 }, 10, "720p")).toBe(40);
    expect(
      videoCredits({ ...model, priceUnit: "per_request", price: 40, pricing: { "1080p": 1.5 } }, 10, "1080p"),
    ).toBe(60);
  });
  test("refuses a negative or non-finite multiplier, naming the model", () => {
    expect(() => videoCredits({ ...model, pricing: { "720p": -1 } }, 2, "720p")).toThrow(
      "model v has a bad price multiplier for 720p",
    );
    expect(() => videoCredits({ ...model, pricing: { "720p": Number.NaN } }, 2, "720p")).toThrow();
  });
});

describe("chat pricing", () => {
  const messages = [{ role: "user" as const, content: "Hello there, how are you today?" }];
  const prompt = estimatePromptTokens(messages);

  test("rounds up per 1K tokens, with one credit minimum and nothing for a free model", () => {
    expect(creditsForTokens(1, 1)).toBe(1);
    expect(creditsForTokens(1, 1000)).toBe(1);
    expect(creditsForTokens(1, 1001)).toBe(2);
    expect(creditsForTokens(3, 2500)).toBe(8);
    expect(creditsForTokens(0, 5000)).toBe(0);
  });

  test("holds for the prompt plus max_tokens, or the model's cap, or the default cap", () => {
    expect(planChat({ price: 1000, pricing: null }, { messages, max_tokens: 50 })).toEqual({
      promptTokens: prompt,
      completionCap: 50,
      hold: prompt + 50,
    });
    expect(
      planChat({ price: 1000, pricing: null }, { messages, max_completion_tokens: 70, max_tokens: 50 }).completionCap,
    ).toBe(70);
    expect(planChat({ price: 1000, pricing: { maxTokens: 300 } }, { messages }).completionCap).toBe(300);
    expect(planChat({ price: 1, pricing: null }, { messages })).toEqual({
      promptTokens: prompt,
      completionCap: DEFAULT_COMPLETION_CAP,
      hold: Math.ceil((prompt + DEFAULT_COMPLETION_CAP) / 1000),
    });
  });

  test("settles from reported usage, else from the produced text, never above the hold", () => {
    const plan = planChat({ price: 1000, pricing: null }, { messages, max_tokens: 20 });
    const reported = countTokens(plan, "ignored", { promptTokens: 9, completionTokens: 4 });
    expect(reported).toEqual({ promptTokens: 9, completionTokens: 4, cachedTokens: 0, source: "upstream" });
    // Cached prompt tokens are part of the prompt: never more of them than the prompt had.
    expect(countTokens(plan, "", { promptTokens: 9, completionTokens: 4, cachedPromptTokens: 6 }).cachedTokens).toBe(6);
    expect(countTokens(plan, "", { promptTokens: 9, completionTokens: 4, cachedPromptTokens: 60 }).cachedTokens).toBe(
      9,
    );
    expect(chatCharge({ price: 1000, pricing: null }, plan, reported)).toBe(13);
    const estimated = countTokens(plan, "twelve chars", null);
    expect(estimated).toEqual({
      promptTokens: prompt,
      completionTokens: estimateTokens("twelve chars"),
      source: "estimate",
    });
    expect(
      chatCharge({ price: 1000, pricing: null }, plan, {
        promptTokens: 5000,
        completionTokens: 5000,
        source: "upstream",
      }),
    ).toBe(plan.hold);
  });
});

describe("chat prices apart and price groups", () => {
  const chat = {
    id: "c",
    price: 2,
    priceUnit: "per_1k_tokens" as const,
    pricing: null as Record<string, number> | null,
  };
  test("input, cached input and output are priced apart; the sum rounds up once", () => {
    const model = { price: 2, pricing: { inputPrice: 1, outputPrice: 4, cachedInputPrice: 0.25 } };
    expect(chatPrices(model)).toEqual({ input: 1, output: 4, cachedInput: 0.25 });
    // 1000 uncached × 1 + 1000 cached × 0.25 + 500 × 4 = 3250 → 4 credits
    expect(chatTokenCredits(chatPrices(model), { prompt: 2000, cached: 1000, completion: 500 })).toBe(4);
    const plan = { promptTokens: 2000, completionCap: 1000, hold: 100 };
    expect(
      chatCharge(model, plan, { promptTokens: 2000, completionTokens: 500, cachedTokens: 1000, source: "upstream" }),
    ).toBe(4);
    expect(chatPrices({ price: 3, pricing: null })).toEqual({ input: 3, output: 3, cachedInput: 3 });
  });

  test("a group's ratio scales every price (per-unit prices round up), an override replaces it", () => {
    const image = { id: "img", price: 10, priceUnit: "per_image" as const, pricing: null };
    expect(applyPriceGroup(image, null)).toBe(image);
    expect(applyPriceGroup(image, { ratio: 0.75, overrides: {} }).price).toBe(8);
    expect(applyPriceGroup(image, { ratio: 0.75, overrides: { img: { price: 3 } } }).price).toBe(3);
    const vip = applyPriceGroup(chat, { ratio: 0.5, overrides: {} });
    expect(vip.price).toBe(1);
    expect(vip.pricing).toEqual({ inputPrice: 1, outputPrice: 1, cachedInputPrice: 1 });
    const split = applyPriceGroup(chat, { ratio: 1, overrides: { c: { inputPrice: 1, outputPrice: 6 } } });
    expect(chatPrices(split)).toEqual({ input: 1, output: 6, cachedInput: 1 });
  });
});

describe("midjourney pricing", () => {
  const model = { id: "midjourney", price: 40, pricing: { upscale: 0.5, variation: 1 } };
  test("an imagine costs the per-request price", () => {
    expect(midjourneyCredits(model)).toBe(40);
  });
  test("an upscale uses its multiplier and a variation its own", () => {
    expect(midjourneyCredits(model, { customId: "MJ::JOB::upsample::2::abc" })).toBe(20);
    expect(midjourneyCredits(model, { customId: "MJ::JOB::variation::1::abc" })).toBe(40);
  });
  test("an unnamed action costs the base price unless pricing.action says otherwise; fractions round up", () => {
    expect(midjourneyCredits(model, { customId: "MJ::JOB::reroll::0::abc::SOLO" })).toBe(40);
    expect(
      midjourneyCredits({ ...model, price: 5, pricing: { action: 0.3 } }, { customId: "MJ::Outpaint::50::1::abc" }),
    ).toBe(2);
  });
  test("a negative multiplier is refused as a catalogue error", () => {
    expect(() =>
      midjourneyCredits({ ...model, pricing: { upscale: -1 } }, { customId: "MJ::JOB::upsample::1::abc" }),
    ).toThrow("bad Midjourney price multiplier");
  });
  test("names the button kinds", () => {
    expect(
      ["MJ::JOB::upsample::1::h", "MJ::JOB::variation::4::h", "MJ::JOB::reroll::0::h::SOLO", "MJ::CustomZoom::h"].map(
        midjourneyActionKind,
      ),
    ).toEqual(["upscale", "variation", "reroll", "action"]);
  });
});
