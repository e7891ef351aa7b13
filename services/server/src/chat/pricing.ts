// Chat's price in credits: per 1K tokens, held from an estimate before the call and settled from what was used.
import type { Model } from "@waule/db/server";
import { MAX_CHAT_TOKENS, estimatePromptTokens, estimateTokens, requestedMaxTokens, type ChatCompletionRequest } from "@waule/shared/chat";

/** The completion budget when a request names none; a model may set its own as `pricing.maxTokens`. */
export const DEFAULT_COMPLETION_CAP = 4096;

export type ChatPlan = {
  promptTokens: number;
  /** Sent to the upstream as max_tokens, so an answer can never cost more than the hold. */
  completionCap: number;
  hold: number;
};

export function creditsForTokens(pricePer1k: number, tokens: number): number {
  if (pricePer1k <= 0) return 0;
  // A call that reached the model costs at least one credit, however short.
  return Math.max(1, Math.ceil((tokens * pricePer1k) / 1000));
}

export function planChat(model: Pick<Model, "price" | "pricing">, request: Pick<ChatCompletionRequest, "messages" | "max_tokens" | "max_completion_tokens">): ChatPlan {
  const promptTokens = estimatePromptTokens(request.messages);
  const modelCap = model.pricing?.maxTokens;
  const completionCap = Math.min(MAX_CHAT_TOKENS, requestedMaxTokens(request) ?? (modelCap && modelCap > 0 ? modelCap : DEFAULT_COMPLETION_CAP));
  return { promptTokens, completionCap, hold: creditsForTokens(model.price, promptTokens + completionCap) };
}

export type TokenCount = { promptTokens: number; completionTokens: number; source: "upstream" | "estimate" };

/** The upstream's usage when it reported one, else our estimate of the prompt and of the text produced. */
export function countTokens(plan: ChatPlan, produced: string, reported: { promptTokens: number; completionTokens: number } | null | undefined): TokenCount {
  if (reported) return { promptTokens: reported.promptTokens, completionTokens: reported.completionTokens, source: "upstream" };
  return { promptTokens: plan.promptTokens, completionTokens: estimateTokens(produced), source: "estimate" };
}

/** What to settle: the tokens' price, never more than was held. */
export function chatCharge(pricePer1k: number, plan: ChatPlan, tokens: TokenCount): number {
  return Math.min(plan.hold, creditsForTokens(pricePer1k, tokens.promptTokens + tokens.completionTokens));
}
