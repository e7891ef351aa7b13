// Chat through models/{model}:generateContent and, streamed, :streamGenerateContent?alt=sse.
import { EventSourceParserStream } from "eventsource-parser/stream";
import type { ChatCapability, ChatDelta, ChatResult, ChatUsage } from "../types.ts";
import { networkFailure, UpstreamError } from "../upstream-error.ts";
import {
  geminiProviderName,
  geminiRequest,
  isSafetyReason,
  readGeminiJson,
  refusal,
  upstreamErrorFromRpc,
} from "./client.ts";
import {
  answerText,
  fromUsageMetadata,
  type GenerateContentResponse,
  normalizeFinishReason,
  toGenerateContentRequest,
} from "./contents.ts";

/** Accepts both "gemini-2.5-flash" and the resource form "models/gemini-2.5-flash". */
export function modelPath(model: string): string {
  return `models/${model.replace(/^models\//, "")}`;
}

export const geminiChat: ChatCapability = {
  async complete(input, ctx) {
    const res = await geminiRequest(
      ctx,
      "POST",
      `${modelPath(input.model)}:generateContent`,
      toGenerateContentRequest(input),
    );
    const answer = await readGeminiJson<GenerateContentResponse>(res);
    return toChatResult(answer, input.model);
  },
  async *stream(input, ctx) {
    const res = await geminiRequest(
      ctx,
      "POST",
      `${modelPath(input.model)}:streamGenerateContent?alt=sse`,
      toGenerateContentRequest(input),
    );
    yield* readGeminiStream(res);
  },
};

function toChatResult(answer: GenerateContentResponse, fallbackModel: string): ChatResult {
  const block = answer.promptFeedback?.blockReason;
  if (block) throw refusal(block, answer.promptFeedback?.blockReasonMessage);
  const candidate = answer.candidates?.[0];
  if (!candidate)
    throw new UpstreamError({ provider: geminiProviderName, status: 502, message: "answer had no candidates" });
  const content = answerText(answer);
  if (content === "" && isSafetyReason(candidate.finishReason)) throw refusal(candidate.finishReason!);
  return {
    id: answer.responseId ?? "",
    model: answer.modelVersion ?? fallbackModel,
    content,
    finishReason: normalizeFinishReason(candidate.finishReason) ?? "stop",
    usage: fromUsageMetadata(answer.usageMetadata),
  };
}

/**
 * Each SSE event is a whole GenerateContentResponse; there is no [DONE], the stream just ends.
 * usageMetadata repeats (growing) on every event, so only the last one is reported, once, after the text.
 */
async function* readGeminiStream(res: Response): AsyncGenerator<ChatDelta> {
  if (!res.body)
    throw new UpstreamError({ provider: geminiProviderName, status: 502, message: "stream answer had no body" });
  const reader = res.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  let usage: ChatUsage | null = null;
  let sentContent = false;
  try {
    while (true) {
      const next = await reader.read().catch((err: unknown) => {
        throw networkFailure(geminiProviderName, err);
      });
      if (next.done) break;
      if (next.value.data.trim() === "") continue;
      let event: GenerateContentResponse;
      try {
        event = JSON.parse(next.value.data) as GenerateContentResponse;
      } catch {
        throw new UpstreamError({
          provider: geminiProviderName,
          status: 502,
          message: "stream event was not valid JSON",
        });
      }
      if (event.error) throw upstreamErrorFromRpc(event.error);
      const block = event.promptFeedback?.blockReason;
      if (block) throw refusal(block, event.promptFeedback?.blockReasonMessage);
      usage = fromUsageMetadata(event.usageMetadata) ?? usage;
      const rawFinish = event.candidates?.[0]?.finishReason;
      const text = answerText(event);
      if (text === "" && !sentContent && isSafetyReason(rawFinish)) throw refusal(rawFinish!);
      const delta: ChatDelta = {};
      if (text !== "") delta.content = text;
      const finishReason = normalizeFinishReason(rawFinish);
      if (finishReason) delta.finishReason = finishReason;
      if (delta.content === undefined && delta.finishReason === undefined) continue;
      if (delta.content !== undefined) sentContent = true;
      yield delta;
    }
  } finally {
    // Abandoning the generator (client went away) closes the upstream connection too.
    await reader.cancel().catch(() => undefined);
  }
  if (usage) yield { usage };
}
