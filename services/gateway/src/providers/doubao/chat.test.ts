import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeArk, startFakeArk } from "../../../test/fakes/doubao";
import type { ChatDelta, ChatInput, ProviderContext } from "../types";
import { UpstreamError } from "../upstream-error";
import { doubaoProvider } from "./index";

let fake: FakeArk;
beforeAll(() => {
  fake = startFakeArk();
});
afterAll(() => fake.close());

const ctx = (): ProviderContext => ({
  key: { id: "k1", secret: fake.apiKey, baseUrl: fake.baseUrl },
  fetch,
  clock: { now: () => 0 },
});
const chat = doubaoProvider.chat!;
const input: ChatInput = {
  model: "doubao-seed-1-6-250615",
  messages: [{ role: "user", content: "你好" }],
  maxTokens: 64,
  temperature: 0.5,
};

describe("Doubao chat", () => {
  test("complete posts OpenAI-format JSON to /chat/completions and parses the answer", async () => {
    const result = await chat.complete(input, ctx());
    const req = fake.requests.at(-1)!;
    expect(req.path).toBe("/api/v3/chat/completions");
    expect(req.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(req.body).toEqual({
      model: "doubao-seed-1-6-250615",
      messages: [{ role: "user", content: "你好" }],
      max_tokens: 64,
      temperature: 0.5,
    });
    expect(result).toEqual({
      id: "chatcmpl-fake-1",
      model: "doubao-seed-1-6-250615",
      content: "你好，我是豆包。",
      finishReason: "stop",
      usage: { promptTokens: 7, completionTokens: 5, totalTokens: 12 },
    });
  });

  test("stream yields the first delta while Ark still holds the stream open, then the rest with usage", async () => {
    const gate = fake.holdStream();
    const it = chat.stream(input, ctx())[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.value).toEqual({ content: "你好" });
    expect(fake.streamFinished).toBe(false);
    const body = fake.requests.at(-1)!.body as Record<string, unknown>;
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
    gate.release();
    const rest: ChatDelta[] = [];
    for (let r = await it.next(); !r.done; r = await it.next()) rest.push(r.value);
    expect(rest).toEqual([
      { content: "，世界" },
      { finishReason: "stop" },
      { usage: { promptTokens: 3, completionTokens: 4, totalTokens: 7 } },
    ]);
    expect(fake.streamFinished).toBe(true);
  });

  test("an Ark refusal before the stream starts maps to content_refused", async () => {
    fake.failNext(400, "InputTextSensitiveContentDetected", "sensitive");
    const err = await rejection(
      (async () => {
        for await (const _ of chat.stream(input, ctx())) void _;
      })(),
    );
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.code).toBe("content_refused");
  });

  test("an exhausted quota on complete maps to upstream_quota", async () => {
    fake.failNext(429, "QuotaExceeded", "quota");
    const err = await rejection(chat.complete(input, ctx()));
    expect(err.code).toBe("upstream_quota");
    expect(err.failure.status).toBe(429);
  });
});

/** The UpstreamError a call failed with; fails the test if it succeeded or threw anything else. */
async function rejection(p: Promise<unknown>): Promise<UpstreamError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof UpstreamError)) throw new Error(`expected an UpstreamError, got ${String(err)}`);
  return err;
}
