// Sandbox chat: streams the deterministic reply token by token with a configurable per-token delay.
import { createHash } from "node:crypto";
import { estimatePromptTokens } from "@waule/shared/chat";
import type { ChatCapability, ChatDelta, ChatInput, ChatResult, ProviderContext } from "../types";
import { UpstreamError } from "../upstream-error";
import type { Simulation } from "./simulation";
import { sandboxReply } from "./text";

export type SandboxChatOptions = {
  /** Pause before each token, to simulate a slow upstream (and prove the server does not buffer). */
  tokenDelayMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Break the stream with an upstream error after this many tokens (mid-stream failure tests). */
  failAfterTokens?: number;
};

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

function completionId(input: ChatInput): string {
  return `chatcmpl-sandbox-${createHash("sha256")
    .update(JSON.stringify([input.model, input.messages, input.seed ?? 0]))
    .digest("hex")
    .slice(0, 24)}`;
}

export function sandboxChat(simulation: Simulation, options: SandboxChatOptions = {}): ChatCapability {
  const sleep = options.sleep ?? abortableSleep;

  async function* stream(input: ChatInput, ctx: ProviderContext): AsyncGenerator<ChatDelta> {
    await simulation.beforeCall(ctx.signal);
    const reply = sandboxReply(input);
    const promptTokens = estimatePromptTokens(input.messages);
    for (const [i, token] of reply.tokens.entries()) {
      if (options.failAfterTokens !== undefined && i >= options.failAfterTokens) {
        throw new UpstreamError({
          provider: "sandbox",
          status: 502,
          message: `simulated stream break after ${i} tokens`,
        });
      }
      if (options.tokenDelayMs) await sleep(options.tokenDelayMs, ctx.signal);
      ctx.signal?.throwIfAborted();
      yield { content: token };
    }
    // One token per piece, so usage is exact: what was streamed is what is reported.
    const completionTokens = reply.tokens.length;
    yield {
      finishReason: reply.finishReason,
      usage: { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens },
    };
  }

  return {
    stream,
    async complete(input, ctx): Promise<ChatResult> {
      let content = "";
      let finishReason = "stop";
      let usage: ChatResult["usage"] = null;
      for await (const delta of stream(input, ctx)) {
        content += delta.content ?? "";
        if (delta.finishReason) finishReason = delta.finishReason;
        if (delta.usage) usage = delta.usage;
      }
      return { id: completionId(input), model: input.model, content, finishReason, usage };
    },
  };
}
