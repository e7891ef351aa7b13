// The OpenAI chat wire format ⇄ the gateway's ChatInput/ChatResult/ChatDelta; exported for every provider that speaks it.
import type { ChatDelta, ChatInput, ChatMessage, ChatResult, ChatUsage } from "../types.ts";

export type OpenAIChatRequestOptions = {
  stream: boolean;
  /** OpenAI's newer models want `max_completion_tokens`; most compatible vendors only know `max_tokens`. */
  maxTokensField?: "max_tokens" | "max_completion_tokens";
};

export type OpenAIChatRequest = {
  model: string;
  messages: ChatMessage[];
  stream?: true;
  stream_options?: { include_usage: true };
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string[];
  seed?: number;
};

export type OpenAIUsage =
  | {
      prompt_tokens?: number;
      completion_tokens?: number;
      total_tokens?: number;
      prompt_tokens_details?: { cached_tokens?: number | null } | null;
    }
  | null
  | undefined;

export type OpenAIChatResponse = {
  id?: string;
  model?: string;
  choices?: { message?: { content?: string | null; refusal?: string | null }; finish_reason?: string | null }[];
  usage?: OpenAIUsage;
};

export type OpenAIChatChunk = {
  choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: OpenAIUsage;
  error?: unknown;
};

export function toOpenAIChatRequest(input: ChatInput, options: OpenAIChatRequestOptions): OpenAIChatRequest {
  const body: OpenAIChatRequest = {
    model: input.model,
    messages: input.messages.map(toOpenAIMessage),
  };
  if (options.stream) {
    body.stream = true;
    // Without this the stream never reports usage, and billing needs the real token counts.
    body.stream_options = { include_usage: true };
  }
  if (input.maxTokens !== undefined) body[options.maxTokensField ?? "max_tokens"] = input.maxTokens;
  if (input.temperature !== undefined) body.temperature = input.temperature;
  if (input.topP !== undefined) body.top_p = input.topP;
  if (input.stop !== undefined && input.stop.length > 0) body.stop = input.stop;
  if (input.seed !== undefined) body.seed = input.seed;
  return body;
}

function toOpenAIMessage(message: ChatMessage): ChatMessage {
  // Copy only the fields OpenAI knows, so nothing the gateway adds internally leaks upstream.
  const out: ChatMessage = { role: message.role, content: message.content };
  if (message.name !== undefined) out.name = message.name;
  return out;
}

export function fromOpenAIUsage(usage: OpenAIUsage): ChatUsage | null {
  if (!usage) return null;
  const promptTokens = usage.prompt_tokens ?? 0;
  const completionTokens = usage.completion_tokens ?? 0;
  const mapped: ChatUsage = {
    promptTokens,
    completionTokens,
    totalTokens: usage.total_tokens ?? promptTokens + completionTokens,
  };
  // Cache hits are billed at the cached-input price; never more than the prompt itself, whatever a vendor sends.
  const cached = usage.prompt_tokens_details?.cached_tokens;
  if (typeof cached === "number" && Number.isInteger(cached) && cached > 0)
    mapped.cachedPromptTokens = Math.min(cached, promptTokens);
  return mapped;
}

/** `fallbackModel` covers vendors that omit `model` from the answer. */
export function fromOpenAIChatResponse(response: OpenAIChatResponse, fallbackModel: string): ChatResult {
  const choice = response.choices?.[0];
  return {
    id: response.id ?? "",
    model: response.model ?? fallbackModel,
    content: choice?.message?.content ?? "",
    finishReason: choice?.finish_reason ?? "stop",
    usage: fromOpenAIUsage(response.usage),
  };
}

/** One streamed chunk → a delta, or null when the chunk carries nothing the caller needs (e.g. the role-only first chunk). */
export function fromOpenAIChatChunk(chunk: OpenAIChatChunk): ChatDelta | null {
  const delta: ChatDelta = {};
  const choice = chunk.choices?.[0];
  const content = choice?.delta?.content;
  if (typeof content === "string" && content !== "") delta.content = content;
  if (choice?.finish_reason) delta.finishReason = choice.finish_reason;
  const usage = fromOpenAIUsage(chunk.usage);
  if (usage) delta.usage = usage;
  return delta.content === undefined && delta.finishReason === undefined && delta.usage === undefined ? null : delta;
}
