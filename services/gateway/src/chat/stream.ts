// A streamed chat answer: opened (with key failover) up to its first delta, then relayed as SSE one delta per event.
import type { InternalChatDelta, InternalChatRequest } from "@waule/shared/chat";
import { AppError } from "@waule/shared/errors";
import { callCapability } from "../calls/capability-call";
import type { CallContext } from "../calls/context";
import { SANDBOX_PROVIDER } from "../providers/sandbox";
import type { ChatDelta } from "../providers/types";
import { chatInputOf } from "./input";

export type OpenedChatStream = {
  provider: string;
  sandbox: boolean;
  /** Already read, so a key that fails before answering anything can still fail over to the next. */
  first: IteratorResult<ChatDelta>;
  iterator: AsyncIterator<ChatDelta>;
  /** Ends the request-log row of this upstream call: ok without an error, failed with one. */
  finish(error?: unknown): void;
  /** Settles when finish is called; the log row covers the whole stream, not only its first delta. */
  ended: Promise<void>;
};

/**
 * Opens the provider's stream and waits for its first delta. Failures up to that point are plain
 * errors (the route answers them as JSON with their status); later ones travel inside the stream.
 */
export async function openChatStream(
  deps: CallContext,
  req: InternalChatRequest,
  signal: AbortSignal,
): Promise<OpenedChatStream> {
  const { value } = await callCapability(
    deps,
    "chat",
    {
      tenantId: req.tenantId,
      requestId: req.requestId,
      route: req,
      signal,
      endsWhen: (opened: OpenedChatStream) => opened.ended,
    },
    async ({ capability, ctx, provider, upstreamModel }): Promise<OpenedChatStream> => {
      let finish!: (error?: unknown) => void;
      const ended = new Promise<void>((resolve, reject) => {
        finish = (error) => (error === undefined ? resolve() : reject(error));
      });
      const iterator = capability.stream(chatInputOf(req, upstreamModel), ctx)[Symbol.asyncIterator]();
      // A failure before the first delta rejects the attempt (logged as failed, and the next key may try).
      const first = await iterator.next();
      if (first.done) finish();
      return { provider: provider.name, sandbox: provider.name === SANDBOX_PROVIDER, first, iterator, finish, ended };
    },
  );
  return value;
}

const encoder = new TextEncoder();
const event = (data: string) => encoder.encode(`data: ${data}\n\n`);

function streamError(err: unknown): InternalChatDelta["error"] {
  if (err instanceof AppError) return { code: err.code, message: err.message };
  return { code: "upstream_unavailable", message: err instanceof Error ? err.message : "the upstream stream broke" };
}

/**
 * The SSE body: a first event naming provider and sandbox, one event per delta as the provider yields
 * it (pulled on demand, so nothing is buffered ahead of the reader), then `[DONE]`. A failure after
 * the start becomes an `error` event. Cancelling the body (the server went away) aborts the upstream.
 */
export function chatEventStream(opened: OpenedChatStream, abort: AbortController): ReadableStream<Uint8Array> {
  let pending: IteratorResult<ChatDelta> | undefined = opened.first;
  let ended = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(
        event(JSON.stringify({ provider: opened.provider, sandbox: opened.sandbox } satisfies InternalChatDelta)),
      );
    },
    async pull(controller) {
      if (ended) return;
      try {
        const next = pending ?? (await opened.iterator.next());
        pending = undefined;
        if (next.done) {
          ended = true;
          opened.finish();
          controller.enqueue(event("[DONE]"));
          controller.close();
          return;
        }
        const { content, finishReason, usage } = next.value;
        controller.enqueue(event(JSON.stringify({ content, finishReason, usage } satisfies InternalChatDelta)));
      } catch (err) {
        if (ended) return;
        ended = true;
        opened.finish(err);
        controller.enqueue(event(JSON.stringify({ error: streamError(err) } satisfies InternalChatDelta)));
        controller.enqueue(event("[DONE]"));
        controller.close();
      }
    },
    async cancel(reason) {
      if (ended) return;
      ended = true;
      // The reader left, not the upstream: the call itself did not fail, so it is logged as ok.
      opened.finish();
      abort.abort(reason ?? new DOMException("the server closed the stream", "AbortError"));
      await opened.iterator.return?.().catch(() => undefined);
    },
  });
}
