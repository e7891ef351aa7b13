import { describe, expect, test } from "bun:test";
import { planChat } from "@waule/shared/pricing";
import type { ModelEntry } from "../../api/models";
import { estimateChatHold } from "./price";

const model = (price: number | undefined, pricing?: Record<string, number>) =>
  ({ id: "chat", waule: { price, price_unit: "per_1k_tokens", pricing } }) as unknown as ModelEntry;

describe("estimateChatHold", () => {
  test("is the hold the server will take for the conversation plus the new message", () => {
    const turns = [
      { role: "user", content: "hello there", state: "done" },
      { role: "assistant", content: "hi! how can I help?", state: "done" },
    ] as const;
    const expected = planChat(
      { price: 3, pricing: { maxTokens: 1000 } },
      {
        messages: [
          { role: "user", content: "hello there" },
          { role: "assistant", content: "hi! how can I help?" },
          { role: "user", content: "write a poem" },
        ],
      },
    ).hold;
    expect(estimateChatHold(model(3, { maxTokens: 1000 }), turns, "write a poem")).toBe(expected);
    // A longer model budget holds more.
    expect(estimateChatHold(model(3, { maxTokens: 8000 }), turns, "write a poem")).toBeGreaterThan(expected);
  });

  test("shows nothing for an unpriced model", () => {
    expect(estimateChatHold(model(undefined), [], "hi")).toBeNull();
  });
});
