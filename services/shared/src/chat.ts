// Chat completions: OpenAI's public request/answer/chunk shapes and the internal server→gateway shapes.
import { z } from "zod";
import { requestedProvider } from "./models";

export const chatContentPart = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string().max(200_000) }),
  z.object({
    type: z.literal("image_url"),
    image_url: z.object({ url: z.string().min(1).max(20_000_000), detail: z.enum(["auto", "low", "high"]).optional() }),
  }),
]);
export type ChatContentPartBody = z.infer<typeof chatContentPart>;

/** One message as OpenAI's SDK sends it; unknown keys (tool call bookkeeping) are dropped, not refused. */
export const chatMessage = z.object({
  role: z.enum(["system", "user", "assistant", "tool", "developer"]),
  content: z.union([z.string().max(1_000_000), z.array(chatContentPart).max(100), z.null()]),
  name: z.string().max(100).optional(),
});
export type ChatMessageBody = z.infer<typeof chatMessage>;

export const MAX_CHAT_TOKENS = 32_768;

/**
 * POST /api/v1/chat/completions. Strict so a parameter that would multiply the cost (n > 1, logprobs
 * sweeps, unknown extras) is refused rather than silently passed on and billed wrong.
 */
export const chatCompletionRequest = z
  .object({
    model: z.string().min(1).max(100),
    messages: z.array(chatMessage).min(1).max(500),
    stream: z.boolean().default(false),
    stream_options: z.object({ include_usage: z.boolean().optional() }).strict().nullable().optional(),
    max_tokens: z.number().int().min(1).max(MAX_CHAT_TOKENS).nullable().optional(),
    /** Newer SDKs send this name instead of max_tokens; the route takes whichever is set. */
    max_completion_tokens: z.number().int().min(1).max(MAX_CHAT_TOKENS).nullable().optional(),
    temperature: z.number().min(0).max(2).nullable().optional(),
    top_p: z.number().min(0).max(1).nullable().optional(),
    stop: z
      .union([z.string().max(200), z.array(z.string().max(200)).max(4)])
      .nullable()
      .optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .nullable()
      .optional(),
    /** Only one choice: the hold is sized for one answer. */
    n: z.literal(1).nullable().optional(),
    presence_penalty: z.number().min(-2).max(2).nullable().optional(),
    frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
    user: z.string().max(200).optional(),
    /** Waule: the model's provider, if named, must be the catalogue's (see requestedProvider). */
    provider: requestedProvider,
  })
  .strict();
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequest>;

/** The completion budget a request asks for, whichever field carried it. */
export function requestedMaxTokens(
  req: Pick<ChatCompletionRequest, "max_tokens" | "max_completion_tokens">,
): number | undefined {
  return req.max_completion_tokens ?? req.max_tokens ?? undefined;
}

export function stopList(stop: ChatCompletionRequest["stop"]): string[] | undefined {
  if (stop == null) return undefined;
  return typeof stop === "string" ? [stop] : stop;
}

export const chatUsageBody = z.object({
  prompt_tokens: z.number().int().min(0),
  completion_tokens: z.number().int().min(0),
  total_tokens: z.number().int().min(0),
  /** As OpenAI reports it: prompt tokens served from the upstream's cache, billed at the cached-input price. */
  prompt_tokens_details: z.object({ cached_tokens: z.number().int().min(0) }).optional(),
});
export type ChatUsageBody = z.infer<typeof chatUsageBody>;

export const chatFinishReason = z.enum(["stop", "length", "content_filter", "tool_calls"]);

export const chatCompletionResponse = z.object({
  id: z.string(),
  object: z.literal("chat.completion"),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      message: z.object({
        role: z.literal("assistant"),
        content: z.string().nullable(),
        refusal: z.string().nullable().optional(),
      }),
      finish_reason: chatFinishReason.nullable(),
      logprobs: z.null().optional(),
    }),
  ),
  usage: chatUsageBody,
  system_fingerprint: z.string().nullable().optional(),
  waule: z.object({ request_id: z.string(), credits: z.number().int(), sandbox: z.boolean() }).optional(),
});
export type ChatCompletionResponse = z.infer<typeof chatCompletionResponse>;

/** One `data:` line of a streamed answer; the last chunk carries usage with empty choices when asked for. */
export const chatCompletionChunk = z.object({
  id: z.string(),
  object: z.literal("chat.completion.chunk"),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      delta: z.object({ role: z.literal("assistant").optional(), content: z.string().nullable().optional() }),
      finish_reason: chatFinishReason.nullable(),
      logprobs: z.null().optional(),
    }),
  ),
  usage: chatUsageBody.nullable().optional(),
  system_fingerprint: z.string().nullable().optional(),
});
export type ChatCompletionChunk = z.infer<typeof chatCompletionChunk>;

/** POST /internal/v1/chat/completions; with `stream` the gateway answers SSE of internalChatDelta, then `[DONE]`. */
export const internalChatRequest = z.object({
  tenantId: z.string().min(1),
  requestId: z.string().min(1),
  model: z.string().min(1),
  provider: z.string().optional(),
  upstreamModel: z.string().optional(),
  messages: z.array(chatMessage).min(1),
  maxTokens: z.number().int().min(1).max(MAX_CHAT_TOKENS).optional(),
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().min(0).max(1).optional(),
  stop: z.array(z.string()).max(4).optional(),
  seed: z.number().int().optional(),
  stream: z.boolean().default(false),
});
export type InternalChatRequest = z.infer<typeof internalChatRequest>;

const internalUsage = z.object({
  promptTokens: z.number().int().min(0),
  completionTokens: z.number().int().min(0),
  totalTokens: z.number().int().min(0),
  /**
   * The part of promptTokens the upstream served from its prompt cache (OpenAI: prompt_tokens_details.cached_tokens),
   * included in promptTokens; absent when the upstream reported none (read as 0).
   */
  cachedPromptTokens: z.number().int().min(0).optional(),
});

export const internalChatResponse = z.object({
  provider: z.string(),
  model: z.string(),
  sandbox: z.boolean(),
  id: z.string(),
  content: z.string(),
  finishReason: z.string(),
  /** Null when the upstream reported none; the server then settles from its own estimate. */
  usage: internalUsage.nullable(),
});
export type InternalChatResponse = z.infer<typeof internalChatResponse>;

/** One SSE `data:` event of a streamed internal answer; the first also names provider and sandbox. */
export const internalChatDelta = z.object({
  content: z.string().optional(),
  finishReason: z.string().optional(),
  usage: internalUsage.optional(),
  provider: z.string().optional(),
  sandbox: z.boolean().optional(),
  /** An upstream failure after the stream started: the server releases or settles what was produced. */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type InternalChatDelta = z.infer<typeof internalChatDelta>;

/**
 * A rough token count (about 4 characters, or one CJK character, per token) used to size holds and
 * to bill when an upstream reports no usage. Deliberately simple and identical on both services.
 */
export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  let cjk = 0;
  for (const ch of text) if (/[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]/.test(ch)) cjk++;
  return cjk + Math.ceil((text.length - cjk) / 4);
}

/** Prompt tokens of a message list: text parts only, plus a small per-message overhead as OpenAI counts it. */
export function estimatePromptTokens(messages: ChatMessageBody[]): number {
  let total = 3;
  for (const m of messages) {
    total += 4;
    if (typeof m.content === "string") total += estimateTokens(m.content);
    else if (Array.isArray(m.content)) {
      for (const part of m.content) total += part.type === "text" ? estimateTokens(part.text) : 85;
    }
  }
  return total;
}
