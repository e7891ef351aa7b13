// Which built-in provider serves which upstream models, and which model stands in when one is out of keys.
// Used when a call does not name its provider (the server's model rows usually do); the names follow each
// vendor's own model ids, so an operator can add a model row without touching the gateway.
import { createDoubaoProvider } from "./doubao";
import { geminiProvider } from "./gemini";
import { midjourneyProvider } from "./midjourney";
import { minimaxProvider } from "./minimax";
import { createOpenAICompatibleProvider } from "./openai-compatible";
import { createSoraFromSettings, type SoraProxySource } from "./sora/from-settings";
import type { Provider } from "./types";
import { viduProvider } from "./vidu";
import { createWanxProvider } from "./wanx";

/** A model name, or a family as a prefix ending in "*" (e.g. "doubao-seedream-*"). */
export type ModelPattern = string;
export type CatalogueEntry = { provider: Provider; models: readonly ModelPattern[] };
/** Another upstream model to try once every key for the first one failed retryably; `provider` defaults to the same provider. */
export type ModelFallback = { model: string; provider?: string };

export type CatalogueOptions = {
  /** Where sora2api lives and its key: read on every call, so a PUT /api/sora-proxy applies without a restart. */
  soraProxy: SoraProxySource;
};

export function builtInProviders(options: CatalogueOptions): CatalogueEntry[] {
  return [
    {
      provider: createOpenAICompatibleProvider({
        name: "openai",
        defaultBaseUrl: "https://api.openai.com/v1",
        maxTokensField: "max_completion_tokens",
      }),
      models: [
        "gpt-4o*",
        "gpt-4.1*",
        "gpt-5*",
        "o3*",
        "o4-mini*",
        "gpt-image-1*",
        "dall-e-*",
        "tts-1*",
        "gpt-4o-mini-tts",
      ],
    },
    {
      provider: createOpenAICompatibleProvider({
        name: "deepseek",
        defaultBaseUrl: "https://api.deepseek.com/v1",
        capabilities: ["chat"],
      }),
      models: ["deepseek-chat", "deepseek-reasoner"],
    },
    {
      // DashScope's OpenAI-compatible mode; Wan images/video and Qwen-TTS go through the native `wanx` adapter.
      provider: createOpenAICompatibleProvider({
        name: "qwen",
        defaultBaseUrl: "https://dashscope.aliyuncs.com/compatible-mode/v1",
        capabilities: ["chat"],
      }),
      models: ["qwen-plus*", "qwen-max*", "qwen-turbo*", "qwen-flash*", "qwen3-*", "qwen-vl-*"],
    },
    {
      provider: createDoubaoProvider(),
      models: [
        "doubao-seedream-*",
        "doubao-seedance-*",
        "doubao-seed-1*",
        "doubao-1-5-*",
        "doubao-*-pro*",
        "doubao-*-lite*",
      ],
    },
    { provider: createWanxProvider(), models: ["wanx2.1-*", "wanx2.0-*", "wan2.2-*", "wan2.5-*", "qwen-tts*"] },
    { provider: geminiProvider, models: ["gemini-2.0-*", "gemini-2.5-*", "gemini-3*", "imagen-*", "veo-*"] },
    { provider: viduProvider, models: ["viduq1*", "viduq2*", "vidu2.0", "vidu1.5"] },
    {
      provider: minimaxProvider,
      models: ["MiniMax-Hailuo-*", "T2V-01*", "I2V-01*", "S2V-01", "speech-02-*", "speech-2.5-*", "speech-01-*"],
    },
    { provider: createSoraFromSettings(options.soraProxy), models: ["sora-2", "sora-2-pro"] },
    // Its calls name it (the midjourney task kind does), whatever the operator called the model.
    { provider: midjourneyProvider, models: [] },
  ];
}

/**
 * Stand-ins by upstream model: a cheaper or older sibling at the same provider, so a tenant's call still
 * succeeds (at the stand-in's quality) when the first model's keys are all rate limited or out of money.
 */
export const MODEL_FALLBACKS: Readonly<Record<string, ModelFallback>> = {
  "gemini-2.5-pro": { model: "gemini-2.5-flash" },
  "veo-3.0-generate-001": { model: "veo-3.0-fast-generate-001" },
  "wan2.5-t2i-preview": { model: "wanx2.1-t2i-turbo" },
  "gpt-image-1": { model: "dall-e-3" },
};

/** Whether `model` is `pattern`, or starts with a "*"-terminated pattern's prefix (a "*" inside matches any run). */
export function matchesModel(pattern: ModelPattern, model: string): boolean {
  if (!pattern.includes("*")) return pattern === model;
  const regex = new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`);
  return regex.test(model);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}
