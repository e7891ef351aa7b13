// A whole (non-streamed) chat answer: resolve the provider, call it with a key (logged), answer the shared internal shape.
import type { InternalChatRequest, InternalChatResponse } from "@waule/shared/chat";
import { callProvider } from "../keys/provider-call";
import { SANDBOX_PROVIDER } from "../providers/sandbox";
import { logUpstreamCall } from "../request-log/request-log";
import { type ChatDeps, chatInputOf, unlessCancelled } from "./deps";

export async function completeChat(
  deps: ChatDeps,
  req: InternalChatRequest,
  signal?: AbortSignal,
): Promise<InternalChatResponse> {
  const {
    provider,
    upstreamModel,
    value: result,
  } = await callProvider(deps, "chat", req, ({ provider, upstreamModel }, key) =>
    logUpstreamCall(
      deps,
      {
        tenantId: req.tenantId,
        requestId: req.requestId,
        capability: "chat",
        provider: provider.name,
        model: upstreamModel,
        keyId: key.id,
      },
      () =>
        provider
          .chat!.complete(chatInputOf(req, upstreamModel), { key, fetch: deps.fetch, signal, clock: deps.clock })
          .catch(unlessCancelled(signal)),
    ),
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
