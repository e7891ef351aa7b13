// Doubao chat on Ark: POST /chat/completions speaks OpenAI's wire format, so the mapping is the openai-compatible folder's;
// only the request and error handling are Ark's (its error codes say refusal/quota where the HTTP status does not).
import {
  fromOpenAIChatResponse,
  type OpenAIChatResponse,
  readOpenAIChatStream,
  toOpenAIChatRequest,
} from "../openai-compatible/index.ts";
import type { ChatCapability } from "../types";
import { UpstreamError } from "../upstream-error";
import { arkFetch, DOUBAO_PROVIDER } from "./client";

export const doubaoChat: ChatCapability = {
  async complete(input, ctx) {
    const res = await arkFetch(ctx, "POST", "/chat/completions", toOpenAIChatRequest(input, { stream: false }));
    let answer: OpenAIChatResponse;
    try {
      answer = (await res.json()) as OpenAIChatResponse;
    } catch {
      throw new UpstreamError({ provider: DOUBAO_PROVIDER, status: 502, message: "chat answer was not valid JSON" });
    }
    const result = fromOpenAIChatResponse(answer, input.model);
    if (result.finishReason === "content_filter" && result.content === "") {
      throw new UpstreamError({
        provider: DOUBAO_PROVIDER,
        status: 200,
        upstreamCode: "content_filter",
        message: "the answer was withheld by the content filter",
        contentRefused: true,
      });
    }
    return result;
  },
  async *stream(input, ctx) {
    const res = await arkFetch(ctx, "POST", "/chat/completions", toOpenAIChatRequest(input, { stream: true }));
    yield* readOpenAIChatStream(DOUBAO_PROVIDER, res);
  },
};
