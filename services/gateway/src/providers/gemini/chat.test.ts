import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { googleError, startGeminiFake, streamEvents, textAnswer } from "../../../test/fakes/gemini.ts";
import type { ChatDelta, ChatInput, ProviderContext } from "../types.ts";
import { UpstreamError } from "../upstream-error.ts";
import { geminiProvider } from "./index.ts";

const fake = startGeminiFake();
afterAll(() => fake.stop());
beforeEach(() => void fake.requests.splice(0));

const chat = geminiProvider.chat!;
const ctx = (): ProviderContext => ({
  key: { id: "g1", secret: fake.validKey, baseUrl: fake.baseUrl },
  fetch,
  clock: { now: () => 0 },
});
const input: ChatInput = {
  model: "gemini-2.5-flash",
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: "Hi" },
    { role: "assistant", content: "Hello!" },
    {
      role: "user",
      content: [
        { type: "text", text: "What is this?" },
        { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } },
      ],
    },
  ],
  maxTokens: 100,
  temperature: 0.5,
  topP: 0.8,
  stop: ["END"],
  seed: 3,
};
const expectedBody = {
  contents: [
    { role: "user", parts: [{ text: "Hi" }] },
    { role: "model", parts: [{ text: "Hello!" }] },
    { role: "user", parts: [{ text: "What is this?" }, { inlineData: { mimeType: "image/png", data: "AAAA" } }] },
  ],
  systemInstruction: { parts: [{ text: "Be brief." }] },
  generationConfig: { maxOutputTokens: 100, temperature: 0.5, topP: 0.8, stopSequences: ["END"], seed: 3 },
};

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

describe("gemini chat", () => {
  test("posts contents and systemInstruction to models/{model}:generateContent with x-goog-api-key", async () => {
    fake.enqueue({
      status: 200,
      json: textAnswer("A cat.", "STOP", { promptTokenCount: 20, candidatesTokenCount: 3, totalTokenCount: 30 }),
    });
    const result = await chat.complete(input, ctx());
    const req = fake.requests[0]!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/v1beta/models/gemini-2.5-flash:generateContent");
    expect(req.headers["x-goog-api-key"]).toBe(fake.validKey);
    expect(req.headers.authorization).toBeUndefined();
    expect(req.body).toEqual(expectedBody);
    // totalTokenCount includes thinking tokens the candidates count leaves out; the total is what is billed.
    expect(result).toEqual({
      id: "resp-fake-1",
      model: "gemini-2.5-flash",
      content: "A cat.",
      finishReason: "stop",
      usage: { promptTokens: 20, completionTokens: 3, totalTokens: 30 },
    });
  });

  test("counts thinking tokens as completion tokens and drops thought parts from the answer", async () => {
    fake.enqueue({
      status: 200,
      json: {
        candidates: [
          {
            content: { parts: [{ text: "pondering", thought: true }, { text: "42" }], role: "model" },
            finishReason: "MAX_TOKENS",
          },
        ],
        usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 1, thoughtsTokenCount: 10, totalTokenCount: 16 },
      },
    });
    const result = await chat.complete(
      { model: "models/gemini-2.5-pro", messages: [{ role: "user", content: "?" }] },
      ctx(),
    );
    expect(fake.requests[0]!.path).toBe("/v1beta/models/gemini-2.5-pro:generateContent");
    expect(result.content).toBe("42");
    expect(result.finishReason).toBe("length");
    expect(result.usage).toEqual({ promptTokens: 5, completionTokens: 11, totalTokens: 16 });
  });

  test("prompt tokens read from a context cache are reported as cachedPromptTokens (part of the prompt)", async () => {
    fake.enqueue({
      status: 200,
      json: {
        candidates: [{ content: { parts: [{ text: "ok" }], role: "model" }, finishReason: "STOP" }],
        usageMetadata: {
          promptTokenCount: 3000,
          cachedContentTokenCount: 2048,
          candidatesTokenCount: 1,
          totalTokenCount: 3001,
        },
      },
    });
    const result = await chat.complete(
      { model: "gemini-2.5-flash", messages: [{ role: "user", content: "?" }] },
      ctx(),
    );
    expect(result.usage).toEqual({
      promptTokens: 3000,
      completionTokens: 1,
      totalTokens: 3001,
      cachedPromptTokens: 2048,
    });
  });

  test("streams from :streamGenerateContent?alt=sse while the upstream is still sending; usage comes once, last", async () => {
    fake.enqueue({
      sse: streamEvents(["Hel", "lo", "!"], { promptTokenCount: 8, candidatesTokenCount: 3, totalTokenCount: 11 }),
      holdAfter: 1,
    });
    const iterator = chat.stream(input, ctx())[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value).toEqual({ content: "Hel" });
    expect(fake.streamFinished).toBe(false);
    fake.release();
    const rest: ChatDelta[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value);
    expect(rest).toEqual([
      { content: "lo" },
      { content: "!", finishReason: "stop" },
      { usage: { promptTokens: 8, completionTokens: 3, totalTokens: 11 } },
    ]);
    const req = fake.requests[0]!;
    expect(req.path).toBe("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    expect(req.headers["x-goog-api-key"]).toBe(fake.validKey);
    expect(req.body).toEqual(expectedBody);
  });

  test("a caller that stops reading closes the upstream stream", async () => {
    fake.enqueue({ sse: streamEvents(["one", "two"]), holdAfter: 1 });
    const iterator = chat.stream(input, ctx())[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ content: "one" });
    await iterator.return?.();
    expect(await eventually(() => fake.streamCancelled)).toBe(true);
    expect(fake.streamFinished).toBe(false);
    fake.release();
  });

  test("a blocked prompt is a refusal, plain or streamed", async () => {
    const blocked = {
      promptFeedback: { blockReason: "PROHIBITED_CONTENT" },
      usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 },
    };
    fake.enqueue({ status: 200, json: blocked });
    const err = (await chat.complete(input, ctx()).catch((e: unknown) => e)) as UpstreamError;
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.code).toBe("content_refused");
    expect(err.failure.upstreamCode).toBe("PROHIBITED_CONTENT");
    fake.enqueue({ sse: [blocked] });
    const streamed = (await collect(chat.stream(input, ctx())).catch((e: unknown) => e)) as UpstreamError;
    expect(streamed.code).toBe("content_refused");
  });

  test("finishReason SAFETY with no text is a refusal", async () => {
    fake.enqueue({ status: 200, json: { candidates: [{ finishReason: "SAFETY", safetyRatings: [] }] } });
    const err = (await chat.complete(input, ctx()).catch((e: unknown) => e)) as UpstreamError;
    expect(err.code).toBe("content_refused");
    expect(err.failure.upstreamCode).toBe("SAFETY");
  });

  test("an HTTP error before the stream maps like any other call", async () => {
    fake.enqueue(googleError(503, "UNAVAILABLE", "The model is overloaded. Please try again later."));
    const err = (await collect(chat.stream(input, ctx())).catch((e: unknown) => e)) as UpstreamError;
    expect(err.code).toBe("upstream_unavailable");
    expect(err.failure.status).toBe(503);
  });
});
