// Chat completions (plain and SSE streaming) against POST <baseUrl>/chat/completions.
import { sseData } from "../sse-events.ts";
import type { ChatCapability, ChatDelta } from "../types.ts";
import { networkFailure, UpstreamError } from "../upstream-error.ts";
import {
  fromOpenAIChatChunk,
  fromOpenAIChatResponse,
  type OpenAIChatChunk,
  type OpenAIChatRequestOptions,
  type OpenAIChatResponse,
  toOpenAIChatRequest,
} from "./chat-mapping.ts";
import { embeddedErrorFrom, type OpenAIEndpoint, postOpenAI, readOpenAIJson } from "./client.ts";

export type OpenAIChatOptions = Pick<OpenAIChatRequestOptions, "maxTokensField">;

export function createOpenAIChat(endpoint: OpenAIEndpoint, options: OpenAIChatOptions = {}): ChatCapability {
  return {
    async complete(input, ctx) {
      const res = await postOpenAI(
        endpoint,
        ctx,
        "/chat/completions",
        toOpenAIChatRequest(input, { ...options, stream: false }),
      );
      const answer = await readOpenAIJson<OpenAIChatResponse & { error?: unknown }>(endpoint.provider, res);
      if (answer.error && !answer.choices) throw embeddedErrorFrom(endpoint.provider, answer);
      const result = fromOpenAIChatResponse(answer, input.model);
      if (result.finishReason === "content_filter" && result.content === "") throw refusal(endpoint.provider);
      return result;
    },
    async *stream(input, ctx) {
      const res = await postOpenAI(
        endpoint,
        ctx,
        "/chat/completions",
        toOpenAIChatRequest(input, { ...options, stream: true }),
      );
      yield* readOpenAIChatStream(endpoint.provider, res);
    },
  };
}

/**
 * Yields deltas from an OpenAI-style SSE body as each event arrives; stops at `data: [DONE]`.
 * Exported for providers whose chat speaks this protocol behind their own request code (e.g. Doubao).
 */
export async function* readOpenAIChatStream(provider: string, res: Response): AsyncGenerator<ChatDelta> {
  if (!res.body) throw new UpstreamError({ provider, status: 502, message: "stream answer had no body" });
  let sentContent = false;
  // Returning from this loop (at [DONE], or when the caller stops) cancels the body: the upstream connection closes.
  for await (const event of sseData(res.body, (err) => networkFailure(provider, err))) {
    const data = event.trim();
    if (data === "[DONE]") return;
    if (data === "") continue;
    let chunk: OpenAIChatChunk;
    try {
      chunk = JSON.parse(data) as OpenAIChatChunk;
    } catch {
      throw new UpstreamError({ provider, status: 502, message: "stream event was not valid JSON" });
    }
    if (chunk.error) throw embeddedErrorFrom(provider, chunk);
    const delta = fromOpenAIChatChunk(chunk);
    if (!delta) continue;
    // A stream cut off by the safety filter before any text is a refusal, not an empty answer.
    if (delta.finishReason === "content_filter" && !sentContent && delta.content === undefined) throw refusal(provider);
    if (delta.content !== undefined) sentContent = true;
    yield delta;
  }
}

function refusal(provider: string): UpstreamError {
  return new UpstreamError({
    provider,
    status: 200,
    upstreamCode: "content_filter",
    message: "the answer was withheld by the content filter",
    contentRefused: true,
  });
}
