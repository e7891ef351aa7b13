// Billed, streamed chat: hold, open the gateway stream, relay each delta as an OpenAI chunk the moment it arrives,
// and close the hold exactly once — settled for what was produced (also when the client leaves), released on failure.
import type { ChatCompletionRequest, InternalChatDelta } from "@waule/shared/chat";
import { AppError, isErrorCode } from "@waule/shared/errors";
import { planChat } from "@waule/shared/pricing";
import { createTurnBatcher } from "@waule/shared/turn-batch";
import { holdCredits, releaseHold } from "../billing/ledger";
import type { ServerDeps } from "../deps";
import { requireModel } from "../models/catalogue";
import { callOnHold } from "./call-on-hold";
import { CHAT_OPERATION, type ChatCaller } from "./complete";
import { chunkMaker, completionId, openaiFinishReason, toInternalChat } from "./openai-shape";
import { type ChatSettlement, chatSettlement } from "./settlement";

const encoder = new TextEncoder();
const sse = (data: unknown) => `data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;

export async function streamChat(
  deps: ServerDeps,
  caller: ChatCaller,
  request: ChatCompletionRequest,
  clientSignal: AbortSignal,
): Promise<Response> {
  const model = await requireModel(deps.db, request.model, "chat", caller.tenantId, request.provider);
  const plan = planChat(model, request);
  const requestId = deps.ids.make("req");
  const ledger = () => ({ db: deps.db, now: deps.clock.now() });
  const upstream = new AbortController();
  const signal = AbortSignal.any([upstream.signal, clientSignal]);
  const internal = toInternalChat({ tenantId: caller.tenantId, requestId, model, plan, request });
  // The gateway stream opens the moment the hold is granted, while the hold's commit (and its fsync) is written;
  // nothing reaches the client before the hold has resolved. A refused hold opens nothing.
  const opening = callOnHold(() => deps.gateway.streamChat(internal, signal));
  const hold = await holdCredits(ledger(), {
    tenantId: caller.tenantId,
    holdId: deps.ids.make("hold"),
    amount: plan.hold,
    requestId,
    spender: { apiKeyId: caller.apiKeyId ?? null, userId: caller.userId },
    lease: deps.lease.stamp(deps.clock.now()),
    model: model.id,
    operation: CHAT_OPERATION,
    onHeld: opening.start,
  }).catch((err: unknown) => {
    // The hold's commit failed after it was granted: nothing is held, so the stream already opened is stopped.
    upstream.abort(err);
    throw err;
  });

  let events: AsyncGenerator<InternalChatDelta>;
  try {
    events = await opening.result();
  } catch (err) {
    // Nothing was produced: errors before the stream answer with their own status and cost nothing.
    await releaseHold(ledger(), hold);
    throw err;
  }

  const settlement = chatSettlement({ deps, caller, requestId, modelId: model.id, priced: model, plan, hold });
  const relay = relayChunks(
    request,
    chunkMaker({
      id: completionId(requestId),
      model: model.id,
      created: Math.floor(deps.clock.now() / 1000),
      includeUsage: request.stream_options?.include_usage === true,
    }),
    events,
    settlement,
  );
  let left: Promise<void> | undefined;
  /** The client is gone (signal or cancelled body): stop the upstream and bill what was produced, whatever state the relay is in. */
  const leave = () => {
    left ??= (async () => {
      settlement.meter.clientGone = true;
      upstream.abort(new DOMException("the client disconnected", "AbortError"));
      // Ends a parked or running relay through its finally; a relay that never started ends here too.
      await relay.return(undefined).catch(() => undefined);
      await events.return(undefined).catch(() => undefined);
      await settlement.close("settle");
    })().catch((err: unknown) => console.error("[server] closing an abandoned chat stream failed", err));
    return left;
  };
  if (clientSignal.aborted) await leave();
  else clientSignal.addEventListener("abort", () => void leave(), { once: true });

  // The chunks the relay has ready in one turn (every delta of one gateway read) go to the client as one write.
  // The first (the role chunk) goes alone and at once: a batch may run on until the relay's next await settles,
  // and the first byte must not wait for the rest of the answer.
  const chunks = createTurnBatcher(() => relay.next());
  let first = true;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (first) {
        first = false;
        const next = await relay.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
        return;
      }
      const batch = await chunks.take();
      if (batch.values.length > 0) controller.enqueue(encoder.encode(batch.values.join("")));
      if (batch.error !== undefined) controller.error(batch.error);
      else if (batch.done) controller.close();
    },
    cancel: () => leave(),
  });
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      "x-accel-buffering": "no",
      "x-waule-request-id": requestId,
    },
  });
}

async function* relayChunks(
  request: ChatCompletionRequest,
  chunks: ReturnType<typeof chunkMaker>,
  events: AsyncGenerator<InternalChatDelta>,
  settlement: ChatSettlement,
): AsyncGenerator<string> {
  const meter = settlement.meter;
  try {
    yield sse(chunks.delta({ role: "assistant", content: "" }));
    for await (const delta of events) {
      if (delta.provider !== undefined) meter.provider = delta.provider;
      if (delta.sandbox !== undefined) meter.sandbox = delta.sandbox;
      if (delta.error)
        throw new AppError(
          isErrorCode(delta.error.code) ? delta.error.code : "upstream_unavailable",
          delta.error.message,
        );
      if (delta.usage) meter.usage = delta.usage;
      if (delta.finishReason) meter.finishReason = delta.finishReason;
      if (delta.content) {
        meter.text += delta.content;
        yield sse(chunks.delta({ content: delta.content }));
      }
    }
    // Billed before the last events go out, so a client that has read [DONE] sees its final balance.
    const usage = await settlement.close("settle");
    yield sse(chunks.delta({}, openaiFinishReason(meter.finishReason)));
    if (usage && request.stream_options?.include_usage) yield sse(chunks.usage(usage));
    yield sse("[DONE]");
  } catch (err) {
    if (meter.clientGone) return; // finally settles what was produced
    // The answer broke: a failed generation costs nothing, and the client learns why in OpenAI's error event shape.
    await settlement.close("release");
    const error = err instanceof AppError ? err : new AppError("gateway_unavailable", "the chat stream broke");
    yield sse({ error: { code: error.code, message: error.message, type: error.code } });
  } finally {
    await events.return(undefined).catch(() => undefined);
    // A client that left is charged for the prompt and the text produced until then, never the whole hold.
    await settlement.close("settle");
  }
}
