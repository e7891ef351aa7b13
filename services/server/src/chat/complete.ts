// Billed, whole chat completion: plan → hold → gateway → settle the tokens used (or release on failure) → usage row.
import type { ChatCompletionRequest, ChatCompletionResponse, InternalChatResponse } from "@waule/shared/chat";
import { chatCharge, countTokens, planChat } from "@waule/shared/pricing";
import { holdCredits, releaseHold, settleAnsweredHold } from "../billing/ledger";
import type { ServerDeps } from "../deps";
import { requireModel } from "../models/catalogue";
import { callOnHold } from "./call-on-hold";
import { completionId, openaiFinishReason, toInternalChat } from "./openai-shape";

export const CHAT_OPERATION = "chat.completion";

export type ChatCaller = { tenantId: string; userId: string | null; apiKeyId?: string | null };

export async function completeChat(
  deps: ServerDeps,
  caller: ChatCaller,
  request: ChatCompletionRequest,
): Promise<ChatCompletionResponse> {
  const model = await requireModel(deps.db, request.model, "chat", caller.tenantId, request.provider);
  const plan = planChat(model, request);
  const requestId = deps.ids.make("req");
  const ledger = () => ({ db: deps.db, now: deps.clock.now() });
  const internal = toInternalChat({
    tenantId: caller.tenantId,
    requestId,
    model,
    plan,
    request: { ...request, stream: false },
  });
  // The gateway call starts the moment the hold is granted, while the hold's commit is still being written: the two
  // overlap instead of queuing. A refused hold starts nothing.
  const dropped = new AbortController();
  const answer = callOnHold(() => deps.gateway.completeChat(internal, dropped.signal));
  const hold = await holdCredits(ledger(), {
    tenantId: caller.tenantId,
    holdId: deps.ids.make("hold"),
    amount: plan.hold,
    requestId,
    spender: { apiKeyId: caller.apiKeyId ?? null, userId: caller.userId },
    lease: deps.lease.stamp(deps.clock.now()),
    model: model.id,
    operation: CHAT_OPERATION,
    // Nothing is answered before the settle or release below, whose durable commit covers the hold's.
    closedBeforeAnswer: true,
    onHeld: answer.start,
  }).catch((err: unknown) => {
    // The hold's commit failed after it was granted: nothing is held, so the call already sent is dropped (the
    // gateway stops it, and its upstream, when the connection goes; what it did before that is not billed).
    dropped.abort(err);
    throw err;
  });

  let result: InternalChatResponse;
  try {
    result = await answer.result();
  } catch (err) {
    await releaseHold(ledger(), hold);
    throw err;
  }

  const tokens = countTokens(plan, result.content, result.usage);
  const credits = chatCharge(model, plan, tokens);
  const usage = {
    prompt_tokens: tokens.promptTokens,
    completion_tokens: tokens.completionTokens,
    total_tokens: tokens.promptTokens + tokens.completionTokens,
    ...(tokens.cachedTokens ? { prompt_tokens_details: { cached_tokens: tokens.cachedTokens } } : {}),
  };
  await settleAnsweredHold(ledger(), hold, credits, {
    id: deps.ids.make("use"),
    userId: caller.userId,
    model: model.id,
    operation: CHAT_OPERATION,
    requestId,
    metadata: {
      requestId,
      provider: result.provider,
      sandbox: result.sandbox,
      stream: false,
      ...usage,
      usageSource: tokens.source,
      finishReason: result.finishReason,
      held: plan.hold,
    },
  });
  return {
    id: completionId(requestId),
    object: "chat.completion",
    created: Math.floor(deps.clock.now() / 1000),
    model: model.id,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: result.content, refusal: null },
        finish_reason: openaiFinishReason(result.finishReason),
        logprobs: null,
      },
    ],
    usage,
    system_fingerprint: null,
    waule: { request_id: requestId, credits, sandbox: result.sandbox },
  };
}
