// Billed, streamed chat: hold, open the gateway stream, relay each delta as an OpenAI chunk the moment it arrives,
// and close the hold exactly once — settled for what was produced (also when the client leaves), released on failure.
import { type ChatCompletionRequest, type InternalChatDelta } from "@waule/shared/chat";
import { AppError, isErrorCode } from "@waule/shared/errors";
import { holdCredits, releaseHold, settleHold, type Hold } from "../billing/ledger";
import type { ServerDeps } from "../deps";
import { requireModel } from "../models/catalogue";
import { recordUsage } from "../usage/usage";
import { CHAT_OPERATION, type ChatCaller } from "./complete";
import { chunkMaker, completionId, openaiFinishReason, toInternalChat } from "./openai-shape";
import { chatCharge, countTokens, type ChatPlan } from "./pricing";
import { planChat } from "./pricing";

const encoder = new TextEncoder();
const sse = (data: unknown) => `data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;

export async function streamChat(deps: ServerDeps, caller: ChatCaller, request: ChatCompletionRequest, clientSignal: AbortSignal): Promise<Response> {
  const model = await requireModel(deps.db, request.model, "chat");
  const plan = planChat(model, request);
  const requestId = deps.ids.make("req");
  const ledger = () => ({ db: deps.db, now: deps.clock.now() });
  const hold = await holdCredits(ledger(), { tenantId: caller.tenantId, holdId: deps.ids.make("hold"), amount: plan.hold, requestId });

  const upstream = new AbortController();
  let events: AsyncGenerator<InternalChatDelta>;
  try {
    events = await deps.gateway.streamChat(toInternalChat({ tenantId: caller.tenantId, requestId, model, plan, request }), upstream.signal);
  } catch (err) {
    // Nothing was produced: errors before the stream answer with their own status and cost nothing.
    await releaseHold(ledger(), hold.holdId);
    throw err;
  }

  const state = { clientGone: false };
  const leave = () => {
    state.clientGone = true;
    upstream.abort(new DOMException("the client disconnected", "AbortError"));
  };
  clientSignal.addEventListener("abort", leave, { once: true });
  const relay = relayChunks({ deps, caller, request, requestId, modelId: model.id, price: model.price, plan, hold, events, state });
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await relay.next();
      if (next.done) {
        clientSignal.removeEventListener("abort", leave);
        controller.close();
      } else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      leave();
      await relay.return(undefined);
    },
  });
  return new Response(body, {
    status: 200,
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "x-accel-buffering": "no", "x-waule-request-id": requestId },
  });
}

type RelayInput = {
  deps: ServerDeps;
  caller: ChatCaller;
  request: ChatCompletionRequest;
  requestId: string;
  modelId: string;
  price: number;
  plan: ChatPlan;
  hold: Hold;
  events: AsyncGenerator<InternalChatDelta>;
  state: { clientGone: boolean };
};

async function* relayChunks(input: RelayInput): AsyncGenerator<string> {
  const { deps, request, plan, events, state } = input;
  const chunks = chunkMaker({ id: completionId(input.requestId), model: input.modelId, created: Math.floor(deps.clock.now() / 1000), includeUsage: request.stream_options?.include_usage === true });
  const meter: { text: string; usage: InternalChatDelta["usage"]; finishReason?: string; provider: string; sandbox: boolean } = { text: "", usage: undefined, provider: "unknown", sandbox: false };
  const ledger = () => ({ db: deps.db, now: deps.clock.now() });
  let closed = false;

  /** Settles what was produced (and records usage) or releases; runs at most once whatever path ends the stream. */
  async function closeHold(how: "settle" | "release") {
    if (closed) return undefined;
    closed = true;
    if (how === "release") {
      await releaseHold(ledger(), input.hold.holdId);
      return undefined;
    }
    const tokens = countTokens(plan, meter.text, meter.usage);
    const credits = chatCharge(input.price, plan, tokens);
    await settleHold(ledger(), input.hold.holdId, credits);
    const usage = { prompt_tokens: tokens.promptTokens, completion_tokens: tokens.completionTokens, total_tokens: tokens.promptTokens + tokens.completionTokens };
    await recordUsage(deps, {
      tenantId: input.caller.tenantId,
      userId: input.caller.userId,
      model: input.modelId,
      operation: CHAT_OPERATION,
      credits,
      requestId: input.requestId,
      metadata: {
        requestId: input.requestId,
        provider: meter.provider,
        sandbox: meter.sandbox,
        stream: true,
        ...usage,
        usageSource: tokens.source,
        finishReason: meter.finishReason ?? null,
        disconnected: state.clientGone,
        producedChars: meter.text.length,
        held: plan.hold,
      },
    });
    return usage;
  }

  try {
    yield sse(chunks.delta({ role: "assistant", content: "" }));
    for await (const delta of events) {
      if (delta.provider !== undefined) meter.provider = delta.provider;
      if (delta.sandbox !== undefined) meter.sandbox = delta.sandbox;
      if (delta.error) throw new AppError(isErrorCode(delta.error.code) ? delta.error.code : "upstream_unavailable", delta.error.message);
      if (delta.usage) meter.usage = delta.usage;
      if (delta.finishReason) meter.finishReason = delta.finishReason;
      if (delta.content) {
        meter.text += delta.content;
        yield sse(chunks.delta({ content: delta.content }));
      }
    }
    // Billed before the last events go out, so a client that has read [DONE] sees its final balance.
    const usage = await closeHold("settle");
    yield sse(chunks.delta({}, openaiFinishReason(meter.finishReason)));
    if (usage && request.stream_options?.include_usage) yield sse(chunks.usage(usage));
    yield sse("[DONE]");
  } catch (err) {
    if (state.clientGone) return; // finally settles what was produced
    // The answer broke: a failed generation costs nothing, and the client learns why in OpenAI's error event shape.
    await closeHold("release");
    const error = err instanceof AppError ? err : new AppError("gateway_unavailable", "the chat stream broke");
    yield sse({ error: { code: error.code, message: error.message, type: error.code } });
  } finally {
    await events.return(undefined).catch(() => undefined);
    // A client that left is charged for the prompt and the text produced until then, never the whole hold.
    await closeHold("settle");
  }
}
