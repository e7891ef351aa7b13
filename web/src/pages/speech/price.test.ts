import { expect, test } from "bun:test";
import type { ModelEntry } from "../../api/models";
import { estimateSpeechCredits } from "./price";

const tts = (price: number, price_unit: "per_1k_chars" | "per_request" = "per_1k_chars"): ModelEntry => ({
  id: "tts",
  waule: { capability: "speech", price, price_unit },
});

test("prices code points per started 1K characters, as the server bills", () => {
  expect(estimateSpeechCredits(tts(2), "你好😀")).toBe(2);
  expect(estimateSpeechCredits(tts(2), "x".repeat(1000))).toBe(2);
  expect(estimateSpeechCredits(tts(2), "x".repeat(1001))).toBe(4);
  expect(estimateSpeechCredits(tts(3), "😀".repeat(2000))).toBe(6);
  expect(estimateSpeechCredits(tts(2), "")).toBe(0);
});

test("gives no estimate when the model is not priced per 1K characters", () => {
  expect(estimateSpeechCredits(tts(2, "per_request"), "hello")).toBeNull();
  expect(estimateSpeechCredits(undefined, "hello")).toBeNull();
});
