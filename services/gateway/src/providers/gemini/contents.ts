// Gemini's Content/Part wire shapes and their mapping from and to the gateway's chat types.
import type { ChatContentPart, ChatInput, ChatMessage, ChatUsage } from "../types.ts";

export type GeminiPart =
  | { text: string; thought?: boolean }
  | { inlineData: { mimeType: string; data: string } }
  | { fileData: { mimeType: string; fileUri: string } };
export type GeminiContent = { role: "user" | "model"; parts: GeminiPart[] };

export type GeminiUsageMetadata = {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  totalTokenCount?: number;
  /** Prompt tokens read from a context cache; promptTokenCount already includes them. */
  cachedContentTokenCount?: number;
};

export type GenerateContentResponse = {
  candidates?: {
    content?: {
      parts?: Partial<{ text: string; thought: boolean; inlineData: { mimeType?: string; data?: string } }>[];
    };
    finishReason?: string;
  }[];
  promptFeedback?: { blockReason?: string; blockReasonMessage?: string };
  usageMetadata?: GeminiUsageMetadata;
  modelVersion?: string;
  responseId?: string;
  error?: { code?: number; message?: string; status?: string };
};

export type GenerateContentRequest = {
  contents: GeminiContent[];
  systemInstruction?: { parts: { text: string }[] };
  generationConfig?: Record<string, unknown>;
};

export function toGenerateContentRequest(input: ChatInput): GenerateContentRequest {
  const system: string[] = [];
  const contents: GeminiContent[] = [];
  for (const message of input.messages) {
    if (message.role === "system" || message.role === "developer") {
      const text = textOf(message);
      if (text !== "") system.push(text);
      continue;
    }
    // Gemini knows only "user" and "model"; tool results (no function-calling here) are context the user supplied.
    const role = message.role === "assistant" ? "model" : "user";
    const parts = toParts(message.content);
    if (parts.length === 0) continue;
    const last = contents.at(-1);
    // Consecutive turns of one role are merged: Gemini expects turns to alternate.
    if (last && last.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  }
  const body: GenerateContentRequest = { contents };
  if (system.length > 0) body.systemInstruction = { parts: system.map((text) => ({ text })) };
  const config: Record<string, unknown> = {};
  if (input.maxTokens !== undefined) config.maxOutputTokens = input.maxTokens;
  if (input.temperature !== undefined) config.temperature = input.temperature;
  if (input.topP !== undefined) config.topP = input.topP;
  if (input.stop !== undefined && input.stop.length > 0) config.stopSequences = input.stop;
  if (input.seed !== undefined) config.seed = input.seed;
  if (Object.keys(config).length > 0) body.generationConfig = config;
  return body;
}

function toParts(content: ChatMessage["content"]): GeminiPart[] {
  if (content === null) return [];
  if (typeof content === "string") return content === "" ? [] : [{ text: content }];
  return content.map(toPart);
}

function toPart(part: ChatContentPart): GeminiPart {
  return part.type === "text" ? { text: part.text } : imagePart(part.image_url.url);
}

/** data: URLs travel inline; other URLs go as fileData, which Gemini fetches itself. */
export function imagePart(url: string): GeminiPart {
  const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (data) return { inlineData: { mimeType: data[1]!, data: data[2]! } };
  return { fileData: { mimeType: mimeFromUrl(url), fileUri: url } };
}

function mimeFromUrl(url: string): string {
  const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
  if (ext === "png") return "image/png";
  if (ext === "webp") return "image/webp";
  if (ext === "gif") return "image/gif";
  if (ext === "heic") return "image/heic";
  return "image/jpeg";
}

function textOf(message: ChatMessage): string {
  if (typeof message.content === "string") return message.content;
  if (message.content === null) return "";
  return message.content.map((p) => (p.type === "text" ? p.text : "")).join("");
}

/** The answer text, without "thought" parts (thinking models send them when asked; they are not the answer). */
export function answerText(response: GenerateContentResponse): string {
  const parts = response.candidates?.[0]?.content?.parts ?? [];
  return parts.map((p) => (typeof p.text === "string" && p.thought !== true ? p.text : "")).join("");
}

/** Gemini finish reasons in the OpenAI vocabulary the platform answers with. */
export function normalizeFinishReason(reason: string | undefined): string | undefined {
  if (reason === undefined || reason === "FINISH_REASON_UNSPECIFIED") return undefined;
  if (reason === "STOP") return "stop";
  if (reason === "MAX_TOKENS") return "length";
  if (["SAFETY", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "RECITATION", "IMAGE_SAFETY"].includes(reason))
    return "content_filter";
  return reason.toLowerCase();
}

/** Thinking tokens are billed as output, so they count as completion tokens. */
export function fromUsageMetadata(usage: GeminiUsageMetadata | undefined): ChatUsage | null {
  if (!usage) return null;
  const promptTokens = usage.promptTokenCount ?? 0;
  const completionTokens = (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0);
  const mapped: ChatUsage = {
    promptTokens,
    completionTokens,
    totalTokens: usage.totalTokenCount ?? promptTokens + completionTokens,
  };
  const cached = usage.cachedContentTokenCount;
  if (typeof cached === "number" && Number.isInteger(cached) && cached > 0)
    mapped.cachedPromptTokens = Math.min(cached, promptTokens);
  return mapped;
}
