// Every price rule in credits, in one place: the server holds and settles with these, the web app
// estimates with the same ones, so a number shown before a call is the number billed.
import {
  type ChatCompletionRequest,
  estimatePromptTokens,
  estimateTokens,
  MAX_CHAT_TOKENS,
  requestedMaxTokens,
} from "./chat";
import { AppError } from "./errors";
import type { ModelPriceUnit } from "./models";
import type { VideoResolution } from "./videos";

/** What a price rule reads of a model (the server's catalogue row and the web's listed model both map to it). */
export type PricedModel = {
  /** Credits per price unit. */
  price: number;
  priceUnit?: ModelPriceUnit;
  /** Extra knobs: per-resolution multipliers of a video model, `maxTokens` of a chat model. */
  pricing?: Record<string, number> | null;
  /** Only to name the model in an error. */
  id?: string;
};

/** Images: the model's price per image delivered (held for every image asked for). */
export function imageCredits(model: Pick<PricedModel, "price">, images: number): number {
  return model.price * images;
}

/** Speech: per started 1K characters (code points): 1..1000 cost one unit, 1001 cost two. */
export function speechCredits(model: Pick<PricedModel, "price">, characters: number): number {
  return Math.ceil(characters / 1000) * Math.max(0, model.price);
}

/**
 * Video, fixed at submit: seconds × per-second price × the resolution's multiplier from `pricing`
 * (e.g. {"480p": 0.5, "1080p": 2}; a resolution it does not name costs the base price). A model not
 * priced per second costs price × multiplier whatever the duration. Fractions round up, so a video
 * never costs less than listed.
 */
export function videoCredits(model: PricedModel, duration: number, resolution: VideoResolution): number {
  const multiplier = model.pricing?.[resolution] ?? 1;
  if (!Number.isFinite(multiplier) || multiplier < 0) {
    throw new AppError(
      "internal_error",
      `model ${model.id ?? "(unnamed)"} has a bad price multiplier for ${resolution}`,
    );
  }
  const base = model.price * multiplier;
  return Math.ceil(model.priceUnit === "per_second" ? base * duration : base);
}

/** The completion budget when a chat request names none; a model may set its own as `pricing.maxTokens`. */
export const DEFAULT_COMPLETION_CAP = 4096;

export type ChatPlan = {
  promptTokens: number;
  /** Sent to the upstream as max_tokens, so an answer can never cost more than the hold. */
  completionCap: number;
  hold: number;
};

/** Chat: per started 1K tokens; a call that reached the model costs at least one credit, a free model nothing. */
export function creditsForTokens(pricePer1k: number, tokens: number): number {
  if (pricePer1k <= 0) return 0;
  return Math.max(1, Math.ceil((tokens * pricePer1k) / 1000));
}

/**
 * A chat model's per-1K-token prices: `pricing.inputPrice`, `pricing.outputPrice` and `pricing.cachedInputPrice`
 * when the model (or its price group) sets them; the model's one price otherwise, and cached input at the input price.
 */
export function chatPrices(model: Pick<PricedModel, "price" | "pricing">): {
  input: number;
  output: number;
  cachedInput: number;
} {
  const input = model.pricing?.inputPrice ?? model.price;
  return {
    input,
    output: model.pricing?.outputPrice ?? model.price,
    cachedInput: model.pricing?.cachedInputPrice ?? input,
  };
}

/** Credits for tokens priced apart (per started 1K in all); a call that reached a priced model costs at least one. */
export function chatTokenCredits(
  prices: ReturnType<typeof chatPrices>,
  tokens: { prompt: number; cached: number; completion: number },
): number {
  const cached = Math.min(tokens.cached, tokens.prompt);
  const milli =
    (tokens.prompt - cached) * prices.input + cached * prices.cachedInput + tokens.completion * prices.output;
  if (milli <= 0) return 0;
  return Math.max(1, Math.ceil(milli / 1000));
}

/** What a chat call holds: the estimated prompt plus the completion budget it may use. */
export function planChat(
  model: Pick<PricedModel, "price" | "pricing">,
  request: Pick<ChatCompletionRequest, "messages" | "max_tokens" | "max_completion_tokens">,
): ChatPlan {
  const promptTokens = estimatePromptTokens(request.messages);
  const modelCap = model.pricing?.maxTokens;
  const completionCap = Math.min(
    MAX_CHAT_TOKENS,
    requestedMaxTokens(request) ?? (modelCap && modelCap > 0 ? modelCap : DEFAULT_COMPLETION_CAP),
  );
  const hold = chatTokenCredits(chatPrices(model), { prompt: promptTokens, cached: 0, completion: completionCap });
  return { promptTokens, completionCap, hold };
}

export type TokenCount = {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens the upstream served from its cache (billed at the cached-input price). */
  cachedTokens?: number;
  source: "upstream" | "estimate";
};

/**
 * The upstream's usage when it reported one (with the prompt tokens it served from its cache, never more than the
 * prompt), else our estimate of the prompt and of the text produced, with nothing cached.
 */
export function countTokens(
  plan: ChatPlan,
  produced: string,
  reported: { promptTokens: number; completionTokens: number; cachedPromptTokens?: number } | null | undefined,
): TokenCount {
  if (reported)
    return {
      promptTokens: reported.promptTokens,
      completionTokens: reported.completionTokens,
      cachedTokens: Math.min(Math.max(0, reported.cachedPromptTokens ?? 0), reported.promptTokens),
      source: "upstream",
    };
  return { promptTokens: plan.promptTokens, completionTokens: estimateTokens(produced), source: "estimate" };
}

/** What a chat call settles: the tokens' price (input, cached input and output apart), never more than was held. */
export function chatCharge(model: Pick<PricedModel, "price" | "pricing">, plan: ChatPlan, tokens: TokenCount): number {
  const credits = chatTokenCredits(chatPrices(model), {
    prompt: tokens.promptTokens,
    cached: tokens.cachedTokens ?? 0,
    completion: tokens.completionTokens,
  });
  return Math.min(plan.hold, credits);
}

/** A price group as pricing reads it: a ratio on every catalogue price, or a model's own override. */
export type PriceGroupRule = {
  ratio: number;
  overrides: Record<string, { price?: number; inputPrice?: number; outputPrice?: number; cachedInputPrice?: number }>;
};

/**
 * The model as a tenant of this group pays for it: the override's prices where it names them, else ratio × the
 * catalogue's. Per-unit prices (image, second, 1K characters, request) round up to whole credits; per-1K-token prices
 * stay exact (chatTokenCredits rounds the sum). The server bills and lists /models with the result, so the web app's
 * estimates, made from /models, are the billed numbers.
 */
export function applyPriceGroup<M extends PricedModel & { id: string }>(model: M, group: PriceGroupRule | null): M {
  if (!group) return model;
  const override = group.overrides[model.id] ?? {};
  const scaled = (value: number) => value * group.ratio;
  const perTokens = model.priceUnit === "per_1k_tokens";
  const price = override.price ?? (perTokens ? scaled(model.price) : Math.ceil(scaled(model.price)));
  if (!perTokens) return { ...model, price };
  const base = chatPrices(model);
  const pricing: Record<string, number> = {
    ...(model.pricing ?? {}),
    inputPrice: override.inputPrice ?? override.price ?? scaled(base.input),
    outputPrice: override.outputPrice ?? override.price ?? scaled(base.output),
    cachedInputPrice: override.cachedInputPrice ?? override.inputPrice ?? override.price ?? scaled(base.cachedInput),
  };
  return { ...model, price, pricing };
}

/** A Midjourney button's price class: "MJ::JOB::upsample::1::<hash>" → "upscale"; variation and reroll keep their names; anything else is "action". */
export function midjourneyActionKind(customId: string): string {
  const verb = customId.split("::")[2] ?? "";
  if (verb.startsWith("upsample")) return "upscale";
  if (verb.startsWith("variation") || verb.startsWith("low_variation") || verb.startsWith("high_variation"))
    return "variation";
  if (verb === "reroll") return "reroll";
  return "action";
}

/**
 * Midjourney, fixed at submit: the model's per-request price for an imagine (`action` absent); for a button, times the
 * multiplier `pricing` names for its kind (e.g. {"upscale": 0.5}), else `pricing.action`, else 1. Fractions round up.
 */
export function midjourneyCredits(model: PricedModel, action?: { customId: string }): number {
  const multiplier = action
    ? (model.pricing?.[midjourneyActionKind(action.customId)] ?? model.pricing?.action ?? 1)
    : 1;
  if (!Number.isFinite(multiplier) || multiplier < 0) {
    throw new AppError("internal_error", `model ${model.id ?? "(unnamed)"} has a bad Midjourney price multiplier`);
  }
  return Math.ceil(model.price * multiplier);
}
