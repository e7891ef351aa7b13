// A whole (non-streamed) chat answer: one provider call (callCapability), answered in the shared internal shape.
import type { InternalChatRequest, InternalChatResponse } from "@waule/shared/chat";
import { callCapability } from "../calls/capability-call";
import type { CallContext } from "../calls/context";
import { SANDBOX_PROVIDER } from "../providers/sandbox";
import { chatInputOf } from "./input";

export async function completeChat(
  deps: CallContext,
  req: InternalChatRequest,
  signal?: AbortSignal,
): Promise<InternalChatResponse> {
  const {
    provider,
    upstreamModel,
    value: result,
  } = await callCapability(
    deps,
    "chat",
    { tenantId: req.tenantId, requestId: req.requestId, route: req, signal },
    ({ capability, ctx, upstreamModel }) => capability.complete(chatInputOf(req, upstreamModel), ctx),
  );
  return {
    provider: provider.name,
    model: result.model || upstreamModel,
    sandbox: provider.name === SANDBOX_PROVIDER,
    id: result.id,
    content: result.content,
    finishReason: result.finishReason,
    usage: result.usage,
  };
}
