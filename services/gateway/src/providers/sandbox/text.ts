// The sandbox's chat answer: deterministic text derived from the conversation, cut into tokens the way it streams.
import { createHash } from "node:crypto";
import type { ChatInput, ChatMessage } from "../types";

const WORDS = [
  "sandbox",
  "answer",
  "river",
  "lantern",
  "quiet",
  "signal",
  "orbit",
  "paper",
  "harbor",
  "maple",
  "circuit",
  "window",
  "velvet",
  "engine",
  "garden",
  "copper",
  "meadow",
  "pixel",
  "thunder",
  "ember",
  "compass",
  "silver",
  "canvas",
  "echo",
  "summit",
  "cobalt",
  "willow",
  "prism",
  "falcon",
  "tide",
];

function textOf(message: ChatMessage | undefined): string {
  if (!message || message.content === null) return "";
  if (typeof message.content === "string") return message.content;
  return message.content.map((p) => (p.type === "text" ? p.text : "[image]")).join(" ");
}

/** The full answer before max_tokens and stop sequences apply: same conversation and seed, same words. */
export function sandboxReplyText(input: Pick<ChatInput, "messages" | "seed">): string {
  const lastUser = textOf([...input.messages].reverse().find((m) => m.role === "user"));
  const digest = createHash("sha256")
    .update(JSON.stringify([input.messages.map(textOf), input.seed ?? 0]))
    .digest();
  const count = 12 + (digest[0]! % 24);
  const words = Array.from({ length: count }, (_, i) => WORDS[digest[(i + 1) % digest.length]! % WORDS.length]!);
  const quoted = lastUser.trim().slice(0, 60).replace(/\s+/g, " ");
  return `Sandbox reply to "${quoted}": ${words.join(" ")}.`;
}

/** Splits into word-sized tokens, each carrying its leading whitespace, so joining them gives the text back. */
export function tokenize(text: string): string[] {
  return text.match(/\s*[^\s]+|\s+$/g) ?? [];
}

export type SandboxReply = { tokens: string[]; finishReason: "stop" | "length" };

/** Applies stop sequences (cut before the first one) and the max_tokens budget (finish "length"). */
export function sandboxReply(input: Pick<ChatInput, "messages" | "seed" | "stop" | "maxTokens">): SandboxReply {
  let text = sandboxReplyText(input);
  for (const stop of input.stop ?? []) {
    const at = stop ? text.indexOf(stop) : -1;
    if (at >= 0) text = text.slice(0, at);
  }
  const tokens = tokenize(text);
  if (input.maxTokens !== undefined && tokens.length > input.maxTokens) {
    return { tokens: tokens.slice(0, input.maxTokens), finishReason: "length" };
  }
  return { tokens, finishReason: "stop" };
}
