import { describe, expect, test } from "bun:test";
import { estimatePromptTokens, estimateTokens } from "@waule/shared/chat";
import { chatCharge, countTokens, creditsForTokens, DEFAULT_COMPLETION_CAP, planChat } from "./pricing";

const messages = [{ role: "user" as const, content: "Hello there, how are you today?" }];
const prompt = estimatePromptTokens(messages);

describe("chat pricing", () => {
  test("rounds up per 1K tokens, with one credit minimum and nothing for a free model", () => {
    expect(creditsForTokens(1, 1)).toBe(1);
    expect(creditsForTokens(1, 1000)).toBe(1);
    expect(creditsForTokens(1, 1001)).toBe(2);
    expect(creditsForTokens(3, 2500)).toBe(8);
    expect(creditsForTokens(0, 5000)).toBe(0);
  });

  test("holds for the prompt plus max_tokens, or the model's cap, or the default cap", () => {
    expect(planChat({ price: 1000, pricing: null }, { messages, max_tokens: 50 })).toEqual({ promptTokens: prompt, completionCap: 50, hold: prompt + 50 });
    expect(planChat({ price: 1000, pricing: null }, { messages, max_completion_tokens: 70, max_tokens: 50 }).completionCap).toBe(70);
    expect(planChat({ price: 1000, pricing: { maxTokens: 300 } }, { messages }).completionCap).toBe(300);
    expect(planChat({ price: 1, pricing: null }, { messages })).toEqual({ promptTokens: prompt, completionCap: DEFAULT_COMPLETION_CAP, hold: Math.ceil((prompt + DEFAULT_COMPLETION_CAP) / 1000) });
  });

  test("settles from reported usage, else from the produced text, never above the hold", () => {
    const plan = planChat({ price: 1000, pricing: null }, { messages, max_tokens: 20 });
    const reported = countTokens(plan, "ignored", { promptTokens: 9, completionTokens: 4 });
    expect(reported).toEqual({ promptTokens: 9, completionTokens: 4, source: "upstream" });
    expect(chatCharge(1000, plan, reported)).toBe(13);
    const estimated = countTokens(plan, "twelve chars", null);
    expect(estimated).toEqual({ promptTokens: prompt, completionTokens: estimateTokens("twelve chars"), source: "estimate" });
    expect(chatCharge(1000, plan, { promptTokens: 5000, completionTokens: 5000, source: "upstream" })).toBe(plan.hold);
  });
});
