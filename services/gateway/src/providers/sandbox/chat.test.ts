import { describe, expect, test } from "bun:test";
import type { ChatDelta, ChatInput } from "../types";
import { UpstreamError } from "../upstream-error";
import { sandboxChat } from "./chat";
import { createSimulation } from "./simulation";
import { sandboxReply } from "./text";

const ctx = { key: { id: null, secret: "" }, fetch, clock: { now: () => 0 } };
const input: ChatInput = {
  model: "sandbox-chat",
  messages: [
    { role: "system", content: "be brief" },
    { role: "user", content: "hello there" },
  ],
  seed: 3,
};
const quiet = createSimulation({ latencyMs: 0, failureRate: 0 });

async function collect(stream: AsyncIterable<ChatDelta>): Promise<ChatDelta[]> {
  const out: ChatDelta[] = [];
  for await (const d of stream) out.push(d);
  return out;
}

describe("sandbox chat", () => {
  test("streams one token per delta, ending with the finish reason and exact usage", async () => {
    const deltas = await collect(sandboxChat(quiet).stream(input, ctx));
    const expected = sandboxReply(input).tokens;
    expect(deltas.slice(0, -1).map((d) => d.content)).toEqual(expected);
    const last = deltas.at(-1)!;
    expect(last.finishReason).toBe("stop");
    // Prompt: 3 + (4 + 2) + (4 + 3) by the shared estimate; completion: one per streamed token.
    expect(last.usage).toEqual({
      promptTokens: 16,
      completionTokens: expected.length,
      totalTokens: 16 + expected.length,
    });
  });

  test("yields each token as soon as its delay has passed, before the rest of the answer exists", async () => {
    const sleeps: number[] = [];
    const chat = sandboxChat(quiet, { tokenDelayMs: 250, sleep: async (ms) => void sleeps.push(ms) });
    const it = chat.stream(input, ctx)[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.value).toEqual({ content: "Sandbox" });
    expect(sleeps).toEqual([250]);
    await it.next();
    expect(sleeps).toEqual([250, 250]);
    await it.return?.();
  });

  test("complete() is the joined stream with a stable id", async () => {
    const chat = sandboxChat(quiet);
    const result = await chat.complete(input, ctx);
    expect(result.content).toBe(sandboxReply(input).tokens.join(""));
    expect(result).toMatchObject({ model: "sandbox-chat", finishReason: "stop" });
    expect(result.id).toBe((await chat.complete(input, ctx)).id);
    expect(result.usage!.completionTokens).toBe(sandboxReply(input).tokens.length);
  });

  test("max_tokens bounds the streamed and billed tokens", async () => {
    const result = await sandboxChat(quiet).complete({ ...input, maxTokens: 4 }, ctx);
    expect(result.finishReason).toBe("length");
    expect(result.usage!.completionTokens).toBe(4);
  });

  test("a simulated failure fails before any token; a stream break fails after the tokens it produced", async () => {
    const failing = sandboxChat(createSimulation({ latencyMs: 0, failureRate: 0.5, random: () => 0.1 }));
    await expect(collect(failing.stream(input, ctx))).rejects.toBeInstanceOf(UpstreamError);

    const produced: ChatDelta[] = [];
    const breaking = sandboxChat(quiet, { failAfterTokens: 2 });
    let error: unknown;
    try {
      for await (const d of breaking.stream(input, ctx)) produced.push(d);
    } catch (e) {
      error = e;
    }
    expect(produced.map((d) => d.content)).toEqual(["Sandbox", " reply"]);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).code).toBe("upstream_unavailable");
  });

  test("stops when the caller aborts", async () => {
    const controller = new AbortController();
    const chat = sandboxChat(quiet, { tokenDelayMs: 1, sleep: async () => {} });
    const seen: ChatDelta[] = [];
    const run = (async () => {
      for await (const d of chat.stream(input, { ...ctx, signal: controller.signal })) {
        seen.push(d);
        if (seen.length === 3) controller.abort(new Error("client went away"));
      }
    })();
    await expect(run).rejects.toThrow("client went away");
    await run.catch(() => {});
    expect(seen.length).toBe(3);
  });
});
