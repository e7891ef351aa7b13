// Translations between OpenAI's public chat shapes and the internal server→gateway ones.
import type { Model } from "@waule/db/server";
import {
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  chatFinishReason,
  type InternalChatRequest,
  stopList,
} from "@waule/shared/chat";
import type { ChatPlan } from "@waule/shared/pricing";

export type FinishReason = ChatCompletionChunk["choices"][number]["finish_reason"];

export function toInternalChat(input: {
  tenantId: string;
  requestId: string;
  model: Model;
  plan: ChatPlan;
  request: ChatCompletionRequest;
}): InternalChatRequest {
  const { request, model } = input;
  return {
    tenantId: input.tenantId,
    requestId: input.requestId,
    model: model.id,
    provider: model.provider,
    upstreamModel: model.upstreamModel,
    messages: request.messages,
    maxTokens: input.plan.completionCap,
    temperature: request.temperature ?? undefined,
    topP: request.top_p ?? undefined,
    stop: stopList(request.stop),
    seed: request.seed ?? undefined,
    stream: request.stream,
  };
}

/** Upstreams name their reasons freely; OpenAI clients know only these. */
export function openaiFinishReason(reason: string | undefined): NonNullable<FinishReason> {
  const parsed = chatFinishReason.safeParse(reason);
  if (parsed.success) return parsed.data;
  return reason === "max_tokens" || reason === "MAX_TOKENS" ? "length" : "stop";
}

export function completionId(requestId: string): string {
  return `chatcmpl-${requestId}`;
}

/** Builds the chunks of one streamed answer with the fields OpenAI's SDK expects on every chunk. */
export function chunkMaker(input: { id: string; model: string; created: number; includeUsage: boolean }) {
  const base = {
    id: input.id,
    object: "chat.completion.chunk" as const,
    created: input.created,
    model: input.model,
    system_fingerprint: null,
  };
  // With include_usage OpenAI sends `usage: null` on every chunk but the last.
  const usageField = input.includeUsage ? { usage: null } : {};
  return {
    delta(
      delta: ChatCompletionChunk["choices"][number]["delta"],
      finishReason: FinishReason = null,
    ): ChatCompletionChunk {
      return { ...base, choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }], ...usageField };
    },
    usage(usage: NonNullable<ChatCompletionChunk["usage"]>): ChatCompletionChunk {
      return { ...base, choices: [], usage };
    },
  };
}
