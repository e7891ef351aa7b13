// A streamed chat answer: opened (with key failover) up to its first delta, then relayed as SSE one delta per event.
import type { InternalChatDelta, InternalChatRequest } from "@waule/shared/chat";
import { AppError } from "@waule/shared/errors";
import { createTurnBatcher } from "@waule/shared/turn-batch";
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

const event = (data: string) => `data: ${data}\n\n`;
const DONE = event("[DONE]");

function streamError(err: unknown): InternalChatDelta["error"] {
  if (err instanceof AppError) return { code: err.code, message: err.message };
  return { code: "upstream_unavailable", message: err instanceof Error ? err.message : "the upstream stream broke" };
}

/**
 * The SSE body: a first event naming provider and sandbox, one event per delta as the provider yields
 * it (each batch is written and flushed before the next is asked for, so nothing is read ahead of what the
 * socket takes), then `[DONE]`. A failure after the start becomes an `error` event. Cancelling the body (the
 * server went away) aborts the upstream.
 *
 * The deltas the provider has ready in the same turn (all the events of one upstream read) go out as one chunk
 * (@waule/shared/turn-batch): one write to the server and one read there, instead of one per delta.
 */
export function chatEventStream(opened: OpenedChatStream, abort: AbortController): ReadableStream<Uint8Array> {
  let first: IteratorResult<ChatDelta> | undefined = opened.first;
  const deltas = createTurnBatcher(() => {
    if (!first) return opened.iterator.next();
    const ready = first;
    first = undefined;
    return Promise.resolve(ready);
  });
  let ended = false;
  const cancel = async (reason?: unknown) => {
    if (ended) return;
    ended = true;
    // The reader left, not the upstream: the call itself did not fail, so it is logged as ok.
    opened.finish();
    abort.abort(reason ?? new DOMException("the server closed the stream", "AbortError"));
    deltas.inFlight?.catch(() => undefined);
    await opened.iterator.return?.().catch(() => undefined);
  };
  // Bun's direct stream: pull runs once and writes each batch to the response as it comes, without a queue and
  // controller round trip per chunk.
  const source: Bun.DirectUnderlyingSource<Uint8Array> = {
    type: "direct",
    async pull(controller) {
      controller.write(
        event(JSON.stringify({ provider: opened.provider, sandbox: opened.sandbox } satisfies InternalChatDelta)),
      );
      await controller.flush();
      // One turn of the event loop, so the headers and this first event leave now, not with the first batch.
      await new Promise((sent) => setImmediate(sent));
      for (;;) {
        if (ended) return;
        const batch = await deltas.take();
        if (ended) return; // cancelled meanwhile
        let out = "";
        for (const { content, finishReason, usage } of batch.values)
          out += event(JSON.stringify({ content, finishReason, usage } satisfies InternalChatDelta));
        if (!batch.done) {
          controller.write(out);
          await controller.flush();
          continue;
        }
        ended = true;
        if (batch.error === undefined) {
          opened.finish();
        } else {
          opened.finish(batch.error);
          out += event(JSON.stringify({ error: streamError(batch.error) } satisfies InternalChatDelta));
        }
        controller.write(out + DONE);
        controller.close();
        return;
      }
    },
    cancel,
  };
  // With the DOM lib loaded, the types know only the standard constructor; Bun's own takes the direct source.
  return new ReadableStream(source as unknown as UnderlyingDefaultSource<Uint8Array>);
}
