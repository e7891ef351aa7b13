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
const event = (data: string) => `data: ${data}\n\n`;
const DONE = event("[DONE]");
/** What a race against the end of the current turn gives when the turn ended first. */
const TURN_OVER = Symbol("turn over");

function streamError(err: unknown): InternalChatDelta["error"] {
  if (err instanceof AppError) return { code: err.code, message: err.message };
  return { code: "upstream_unavailable", message: err instanceof Error ? err.message : "the upstream stream broke" };
}

/**
 * The SSE body: a first event naming provider and sandbox, one event per delta as the provider yields
 * it (pulled on demand, so nothing is buffered ahead of the reader), then `[DONE]`. A failure after
 * the start becomes an `error` event. Cancelling the body (the server went away) aborts the upstream.
 *
 * The deltas the provider has ready in the same turn (all the events of one upstream read) go out as one chunk:
 * one write to the server and one read there, instead of one per delta. A delta that needs the upstream to send
 * more is never waited for: the chunk goes out at the end of the turn and the next pull takes that delta.
 */
export function chatEventStream(opened: OpenedChatStream, abort: AbortController): ReadableStream<Uint8Array> {
  let ready: IteratorResult<ChatDelta> | undefined = opened.first;
  let inFlight: Promise<IteratorResult<ChatDelta>> | undefined;
  let ended = false;
  const nextDelta = () => {
    if (ready) {
      const value = ready;
      ready = undefined;
      return Promise.resolve(value);
    }
    const next = inFlight ?? opened.iterator.next();
    inFlight = undefined;
    return next;
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(
        encoder.encode(
          event(JSON.stringify({ provider: opened.provider, sandbox: opened.sandbox } satisfies InternalChatDelta)),
        ),
      );
    },
    async pull(controller) {
      if (ended) return;
      let out = "";
      let turnOver: Promise<typeof TURN_OVER> | undefined;
      try {
        for (;;) {
          const pending = nextDelta();
          let next: IteratorResult<ChatDelta>;
          if (turnOver === undefined) {
            next = await pending;
            // Started once the batch has its first delta: whatever the provider yields before it fires joins in.
            turnOver = new Promise((resolve) => setImmediate(() => resolve(TURN_OVER)));
          } else {
            const raced = await Promise.race([pending, turnOver]);
            if (raced === TURN_OVER) {
              inFlight = pending;
              break;
            }
            next = raced;
          }
          if (next.done) {
            ended = true;
            opened.finish();
            controller.enqueue(encoder.encode(out + DONE));
            controller.close();
            return;
          }
          const { content, finishReason, usage } = next.value;
          out += event(JSON.stringify({ content, finishReason, usage } satisfies InternalChatDelta));
        }
        controller.enqueue(encoder.encode(out));
      } catch (err) {
        if (ended) return;
        ended = true;
        opened.finish(err);
        controller.enqueue(
          encoder.encode(out + event(JSON.stringify({ error: streamError(err) } satisfies InternalChatDelta)) + DONE),
        );
        controller.close();
      }
    },
    async cancel(reason) {
      if (ended) return;
      ended = true;
      // The reader left, not the upstream: the call itself did not fail, so it is logged as ok.
      opened.finish();
      abort.abort(reason ?? new DOMException("the server closed the stream", "AbortError"));
      inFlight?.catch(() => undefined);
      await opened.iterator.return?.().catch(() => undefined);
    },
  });
}
