import { describe, expect, test } from "bun:test";
import {
  chatCompletionChunk,
  chatCompletionRequest,
  estimatePromptTokens,
  estimateTokens,
  requestedMaxTokens,
  stopList,
} from "./chat";

describe("chatCompletionRequest", () => {
  test("accepts what the openai SDK sends for a streamed call", () => {
    const body = chatCompletionRequest.parse({
      model: "sandbox-chat",
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: [{ type: "text", text: "hi" }] },
      ],
      stream: true,
      stream_options: { include_usage: true },
      max_completion_tokens: 50,
      temperature: 0.2,
      stop: "END",
    });
    expect(body.stream).toBe(true);
    expect(requestedMaxTokens(body)).toBe(50);
    expect(stopList(body.stop)).toEqual(["END"]);
  });

  test("refuses choices beyond one and unknown parameters, since the hold is sized for one answer", () => {
    const base = { model: "m", messages: [{ role: "user", content: "x" }] };
    expect(chatCompletionRequest.safeParse({ ...base, n: 3 }).success).toBe(false);
    expect(chatCompletionRequest.safeParse({ ...base, best_of: 5 }).success).toBe(false);
    expect(chatCompletionRequest.safeParse({ ...base, max_tokens: 1_000_000 }).success).toBe(false);
    expect(chatCompletionRequest.safeParse({ ...base, messages: [] }).success).toBe(false);
  });

  test("a stream chunk with usage and no choices is valid (the include_usage tail)", () => {
    const chunk = {
      id: "c",
      object: "chat.completion.chunk",
      created: 1,
      model: "m",
      choices: [],
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
    };
    expect(chatCompletionChunk.parse(chunk).usage?.total_tokens).toBe(3);
  });
});

describe("token estimates", () => {
  test("count about four latin characters or one CJK character per token", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("abcdefgh")).toBe(2);
    expect(estimateTokens("你好世界")).toBe(4);
    expect(estimatePromptTokens([{ role: "user", content: "abcdefgh" }])).toBe(3 + 4 + 2);
  });
});
