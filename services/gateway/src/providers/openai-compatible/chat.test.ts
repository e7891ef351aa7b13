import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { chatCompletion, chatStreamEvents, openAIError, startOpenAIFake } from "../../../test/fakes/openai.ts";
import type { ChatDelta, ChatInput, ProviderContext } from "../types.ts";
import { UpstreamError } from "../upstream-error.ts";
import { createOpenAICompatibleProvider } from "./index.ts";

const fake = startOpenAIFake();
afterAll(() => fake.stop());
beforeEach(() => void fake.requests.splice(0));

// The default base URL is deliberately wrong: the key's baseUrl must win.
const provider = createOpenAICompatibleProvider({ name: "openai", defaultBaseUrl: "http://127.0.0.1:9/v1" });
const chat = provider.chat!;
const ctx = (): ProviderContext => ({
  key: { id: "k1", secret: "sk-test-123", baseUrl: fake.baseUrl },
  fetch,
  clock: { now: () => 0 },
});
const input: ChatInput = {
  model: "gpt-4o-mini",
  messages: [
    { role: "system", content: "Be brief." },
    {
      role: "user",
      content: [
        { type: "text", text: "What is this?" },
        { type: "image_url", image_url: { url: "https://x.test/a.png" } },
      ],
    },
  ],
  maxTokens: 64,
  temperature: 0.2,
  topP: 0.9,
  stop: ["END"],
  seed: 7,
};

describe("openai-compatible chat", () => {
  test("posts the mapped request to <baseUrl>/chat/completions with the bearer key", async () => {
    fake.enqueue({ status: 200, json: chatCompletion("A cat.") });
    const result = await chat.complete(input, ctx());
    const req = fake.requests[0]!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/v1/chat/completions");
    expect(req.headers.authorization).toBe("Bearer sk-test-123");
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.body).toEqual({
      model: "gpt-4o-mini",
      messages: input.messages,
      max_tokens: 64,
      temperature: 0.2,
      top_p: 0.9,
      stop: ["END"],
      seed: 7,
    });
    expect(result).toEqual({
      id: "chatcmpl-fake-1",
      model: "gpt-4o-mini-2024-07-18",
      content: "A cat.",
      finishReason: "stop",
      usage: { promptTokens: 9, completionTokens: 3, totalTokens: 12 },
    });
  });

  test("uses max_completion_tokens when configured and the default base URL when the key has none", async () => {
    const openai = createOpenAICompatibleProvider({
      name: "openai",
      defaultBaseUrl: `${fake.baseUrl}/`,
      maxTokensField: "max_completion_tokens",
      capabilities: ["chat"],
    });
    expect(openai.image).toBeUndefined();
    expect(openai.speech).toBeUndefined();
    await openai.chat!.complete(
      { model: "o4-mini", messages: [{ role: "user", content: "hi" }], maxTokens: 5 },
      { ...ctx(), key: { id: "k", secret: "s", baseUrl: null } },
    );
    expect(fake.requests[0]!.path).toBe("/v1/chat/completions");
    expect(fake.requests[0]!.body).toEqual({
      model: "o4-mini",
      messages: [{ role: "user", content: "hi" }],
      max_completion_tokens: 5,
    });
  });

  test("streams deltas while the upstream is still sending, then usage, and stops at [DONE]", async () => {
    fake.enqueue({
      sse: chatStreamEvents(["Hel", "lo"], { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 }),
      holdAfter: 2,
    });
    const iterator = chat.stream(input, ctx())[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value).toEqual({ content: "Hel" });
    // The fake is holding the stream open: the delta arrived before the upstream finished.
    expect(fake.streamFinished).toBe(false);
    fake.release();
    const rest: ChatDelta[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value);
    expect(rest).toEqual([
      { content: "lo" },
      { finishReason: "stop" },
      { usage: { promptTokens: 4, completionTokens: 2, totalTokens: 6 } },
    ]);
    const body = fake.requests[0]!.body as Record<string, unknown>;
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
  });

  test("a caller that stops reading closes the upstream stream", async () => {
    fake.enqueue({ sse: chatStreamEvents(["one", "two"]), holdAfter: 2 });
    const iterator = chat.stream(input, ctx())[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ content: "one" });
    await iterator.return?.();
    expect(await eventually(() => fake.streamCancelled)).toBe(true);
    expect(fake.streamFinished).toBe(false);
    fake.release();
  });

  test("an error event inside the stream becomes an UpstreamError", async () => {
    fake.enqueue({
      sse: [
        JSON.stringify({ error: { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" } }),
      ],
    });
    const err = await collect(chat.stream(input, ctx())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).code).toBe("upstream_quota");
  });

  test("a completion withheld by the content filter is a refusal", async () => {
    fake.enqueue({
      status: 200,
      json: {
        id: "x",
        model: "m",
        choices: [{ index: 0, message: { role: "assistant", content: null }, finish_reason: "content_filter" }],
      },
    });
    const err = (await chat.complete(input, ctx()).catch((e: unknown) => e)) as UpstreamError;
    expect(err.code).toBe("content_refused");
  });

  test("maps an HTTP error before the stream starts", async () => {
    fake.enqueue(
      openAIError(401, "Incorrect API key provided: sk-test***", "invalid_request_error", "invalid_api_key"),
    );
    const err = (await collect(chat.stream(input, ctx())).catch((e: unknown) => e)) as UpstreamError;
    expect(err.failure.status).toBe(401);
    expect(err.failure.upstreamCode).toBe("invalid_api_key");
    expect(err.code).toBe("upstream_unavailable");
  });
});

/** Waits for the fake to observe the hang-up, which happens on its own event loop turn. */
async function eventually(check: () => boolean): Promise<boolean> {
  for (let i = 0; i < 400 && !check(); i++) await Bun.sleep(5);
  return check();
}

async function collect(stream: AsyncIterable<ChatDelta>): Promise<ChatDelta[]> {
  const out: ChatDelta[] = [];
  for await (const d of stream) out.push(d);
  return out;
}
