// The OpenAI-compatible provider factory: one adapter for OpenAI and every vendor that copies its API (DeepSeek, Qwen compatible mode, sora2api).
import type { Capability, Provider } from "../types.ts";
import { createOpenAIChat } from "./chat.ts";
import { createOpenAIImage } from "./image.ts";
import { createOpenAISpeech } from "./speech.ts";
import { createOpenAIKeyCheck } from "./verify.ts";

export type OpenAICompatibleOptions = {
  /** Provider name as registered (e.g. "openai", "deepseek"); also prefixes error messages. */
  name: string;
  /** Including the version segment, e.g. https://api.openai.com/v1; a key's own baseUrl overrides it. */
  defaultBaseUrl: string;
  /** Which capabilities this upstream really offers; defaults to chat, image and speech. */
  capabilities?: Exclude<Capability, "video">[];
  maxTokensField?: "max_tokens" | "max_completion_tokens";
};

export function createOpenAICompatibleProvider(options: OpenAICompatibleOptions): Provider {
  const endpoint = { provider: options.name, defaultBaseUrl: options.defaultBaseUrl };
  const caps = new Set(options.capabilities ?? ["chat", "image", "speech"]);
  return {
    name: options.name,
    requiresKey: true,
    defaultBaseUrl: options.defaultBaseUrl,
    ...(caps.has("chat") ? { chat: createOpenAIChat(endpoint, { maxTokensField: options.maxTokensField }) } : {}),
    ...(caps.has("image") ? { image: createOpenAIImage(endpoint) } : {}),
    ...(caps.has("speech") ? { speech: createOpenAISpeech(endpoint) } : {}),
    verifyKey: createOpenAIKeyCheck(endpoint),
  };
}

export { createOpenAIChat, readOpenAIChatStream } from "./chat.ts";
export type { OpenAIChatChunk, OpenAIChatRequest, OpenAIChatResponse } from "./chat-mapping.ts";
export { fromOpenAIChatChunk, fromOpenAIChatResponse, fromOpenAIUsage, toOpenAIChatRequest } from "./chat-mapping.ts";
export { embeddedErrorFrom, mapOpenAIError, type OpenAIEndpoint, postOpenAI } from "./client.ts";
export { createOpenAIImage } from "./image.ts";
export { createOpenAISpeech } from "./speech.ts";
