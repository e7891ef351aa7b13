import { expect, test } from "bun:test";
import { sandboxReply, sandboxReplyText, tokenize } from "./text";

const messages = [{ role: "user" as const, content: "Tell me about rivers" }];

test("the reply is deterministic from the conversation and seed, and quotes the last user message", () => {
  const a = sandboxReplyText({ messages, seed: 1 });
  expect(a).toBe(sandboxReplyText({ messages, seed: 1 }));
  expect(a).not.toBe(sandboxReplyText({ messages, seed: 2 }));
  expect(a).not.toBe(sandboxReplyText({ messages: [{ role: "user", content: "Tell me about lakes" }], seed: 1 }));
  expect(a.startsWith('Sandbox reply to "Tell me about rivers": ')).toBe(true);
});

test("tokens carry their leading space, so joining them gives the text back", () => {
  expect(tokenize('a  b, "c"')).toEqual(["a", "  b,", ' "c"']);
  const text = sandboxReplyText({ messages });
  expect(tokenize(text).join("")).toBe(text);
});

test("max_tokens cuts with finish 'length'; a stop sequence cuts before it with finish 'stop'", () => {
  const full = sandboxReply({ messages });
  const cut = sandboxReply({ messages, maxTokens: 3 });
  expect(cut).toEqual({ tokens: full.tokens.slice(0, 3), finishReason: "length" });
  const stopped = sandboxReply({ messages, stop: [":"] });
  expect(stopped).toEqual({
    tokens: ["Sandbox", " reply", " to", ' "Tell', " me", " about", ' rivers"'],
    finishReason: "stop",
  });
});
