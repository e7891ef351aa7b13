// The one place a streamed chat's hold is closed: settled for what was produced (with its usage row) or released, once.
import type { ChatUsageBody, InternalChatDelta } from "@waule/shared/chat";
import { type ChatPlan, chatCharge, countTokens, type PricedModel } from "@waule/shared/pricing";
import { type Hold, releaseHold, settleHold } from "../billing/ledger";
import type { ServerDeps } from "../deps";
import { CHAT_OPERATION, type ChatCaller } from "./complete";

export type ChatUsage = ChatUsageBody;

/** What the stream has carried so far; the settlement bills from it. */
export type ChatMeter = {
  text: string;
  usage?: InternalChatDelta["usage"];
  finishReason?: string;
  provider: string;
  sandbox: boolean;
  clientGone: boolean;
};

export function chatSettlement(input: {
  deps: ServerDeps;
  caller: ChatCaller;
  requestId: string;
  modelId: string;
  /** The model's prices as this tenant pays them (its price group applied). */
  priced: Pick<PricedModel, "price" | "pricing">;
  plan: ChatPlan;
  hold: Hold;
}) {
  const { deps, plan } = input;
  const ledger = () => ({ db: deps.db, now: deps.clock.now() });
  const meter: ChatMeter = { text: "", provider: "unknown", sandbox: false, clientGone: false };
  let closing: Promise<ChatUsage | undefined> | undefined;

  async function settle(): Promise<ChatUsage> {
    const tokens = countTokens(plan, meter.text, meter.usage);
    const credits = chatCharge(input.priced, plan, tokens);
    const usage = {
      prompt_tokens: tokens.promptTokens,
      completion_tokens: tokens.completionTokens,
      total_tokens: tokens.promptTokens + tokens.completionTokens,
      ...(tokens.cachedTokens ? { prompt_tokens_details: { cached_tokens: tokens.cachedTokens } } : {}),
    };
    await settleHold(ledger(), input.hold, credits, {
      id: deps.ids.make("use"),
      userId: input.caller.userId,
      model: input.modelId,
      operation: CHAT_OPERATION,
      requestId: input.requestId,
      metadata: {
        requestId: input.requestId,
        provider: meter.provider,
        sandbox: meter.sandbox,
        stream: true,
        ...usage,
        usageSource: tokens.source,
        finishReason: meter.finishReason ?? null,
        disconnected: meter.clientGone,
        producedChars: meter.text.length,
        held: plan.hold,
      },
    });
    return usage;
  }

  return {
    meter,
    /** Whichever path asks first decides; later calls get the same outcome and write nothing. */
    close(how: "settle" | "release"): Promise<ChatUsage | undefined> {
      closing ??= how === "settle" ? settle() : releaseHold(ledger(), input.hold).then(() => undefined);
      return closing;
    },
  };
}

export type ChatSettlement = ReturnType<typeof chatSettlement>;
