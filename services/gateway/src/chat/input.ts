// The provider-facing chat input: the shared internal request with the upstream model name instead of the platform's.
import type { InternalChatRequest } from "@waule/shared/chat";
import type { ChatInput } from "../providers/types";

export function chatInputOf(req: InternalChatRequest, upstreamModel: string): ChatInput {
  return {
    model: upstreamModel,
    messages: req.messages,
    maxTokens: req.maxTokens,
    temperature: req.temperature,
    topP: req.topP,
    stop: req.stop,
    seed: req.seed,
  };
}
