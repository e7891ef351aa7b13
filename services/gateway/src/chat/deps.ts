// What the chat and speech routes need from the gateway: the registry, the key pool, the request log's db, time and ids.
import type { GatewayDb } from "@waule/db/connect";
import type { InternalChatRequest } from "@waule/shared/chat";
import type { Clock, Ids } from "@waule/shared/clock";
import { AppError } from "@waule/shared/errors";
import type { KeyPool } from "../keys/pool";
import type { ProviderRegistry } from "../providers/registry";
import type { ChatInput } from "../providers/types";

export type ChatDeps = {
  db: GatewayDb;
  providers: ProviderRegistry;
  clock: Clock;
  ids: Ids;
  fetch: typeof fetch;
  keys?: KeyPool;
};

/** The provider-facing input: the upstream model name instead of the platform's. */
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

/**
 * For a call the server cancelled (it went away): the failure says nothing about the upstream or its key, so it
 * becomes a plain AppError, which the key pool neither counts against the key nor retries on the next one.
 */
export function unlessCancelled(signal: AbortSignal | undefined): (err: unknown) => never {
  return (err) => {
    // Whatever the adapter made of the abort (a DOMException, a status-0 UpstreamError), the cause was the server.
    if (signal?.aborted) {
      throw new AppError("upstream_timeout", "the call was cancelled by the server before the upstream answered");
    }
    throw err;
  };
}
