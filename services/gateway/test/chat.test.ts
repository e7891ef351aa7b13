// The internal chat route in-process: whole answers, SSE relayed delta by delta, upstream aborted when the reader leaves.
import { afterEach, describe, expect, test } from "bun:test";
import { providerKeys, requestLog } from "@waule/db/gateway";
import {
  estimatePromptTokens,
  type InternalChatDelta,
  internalChatDelta,
  internalChatResponse,
} from "@waule/shared/chat";
import { sequentialIds } from "@waule/shared/clock";
import { signInternalRequest } from "@waule/shared/internal-signature";
import { createGatewayApp } from "../src/app";
import { createKeyRepository } from "../src/keys/repository";
import { createProviderRegistry, type ProviderRegistry } from "../src/providers/registry";
import { sandboxChat } from "../src/providers/sandbox/chat";
import { createSimulation } from "../src/providers/sandbox/simulation";
import { sandboxReply } from "../src/providers/sandbox/text";
import type { Provider } from "../src/providers/types";
import { chatCompletion, chatStreamEvents, type OpenAIFake, startOpenAIFake } from "./fakes/openai";
import { startTestGateway, TEST_BASE_URL, TEST_INTERNAL_SECRET, type TestGateway } from "./support/gateway";
import { createTokenLatch, latchedSandboxRegistry, type TokenLatch } from "./support/latched-sandbox";

const path = "/internal/v1/chat/completions";
const messages = [
  { role: "system" as const, content: "You are terse." },
  { role: "user" as const, content: "Tell me about lighthouses" },
];
const request = { tenantId: "tenant_a", requestId: "req-chat-1", model: "sandbox-chat", messages, maxTokens: 200 };
const reply = sandboxReply({ messages, maxTokens: 200 });
const promptTokens = estimatePromptTokens(messages);

let gw: TestGateway | undefined;

/**
 * A stream's log row is written once the stream has ended, through the group commit, so it may land a moment
 * after the client read the last event: wait for it (a bounded number of event-loop turns, not a time limit).
 */
async function loggedRows(gateway: TestGateway) {
  for (let turn = 0; turn < 1_000; turn++) {
    const rows = await gateway.db.select().from(requestLog);
    if (rows.length > 0) return rows;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return gateway.db.select().from(requestLog);
}
let served: ReturnType<typeof Bun.serve> | undefined;
afterEach(async () => {
  await served?.stop(true);
  served = undefined;
  await gw?.stop();
  gw = undefined;
});

/**
 * The gateway app with the latched sandbox in place of the default registry; with `socket`, served by Bun.serve on a
 * real socket (as the server reaches it in production) instead of called in-process.
 */
async function latchedGateway(
  latch: TokenLatch,
  chat: Parameters<typeof latchedSandboxRegistry>[1] = {},
  registry?: (gw: TestGateway) => Promise<ProviderRegistry>,
  socket = false,
) {
  gw = await startTestGateway();
  const app = createGatewayApp({
    ...gw.deps,
    providers: registry ? await registry(gw) : latchedSandboxRegistry(latch, chat),
  });
  if (socket) served = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: app.fetch });
  return async (body: unknown, signal?: AbortSignal) => {
    const text = JSON.stringify(body);
    const headers = signInternalRequest(TEST_INTERNAL_SECRET, {
      method: "POST",
      path,
      body: text,
      timestampMs: gw!.clock.now(),
    });
    const init = { method: "POST", body: text, headers: { ...headers, "content-type": "application/json" }, signal };
    return served ? fetch(`${served.url.origin}${path}`, init) : app.request(`${TEST_BASE_URL}${path}`, init);
  };
}

/** Reads SSE `data:` payloads one at a time, as they arrive. */
function sseEvents(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return {
    async next(): Promise<string | null> {
      for (;;) {
        const at = buffer.indexOf("\n\n");
        if (at >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const data = block
            .split("\n")
            .filter((l) => l.startsWith("data: "))
            .map((l) => l.slice(6))
            .join("\n");
          return data;
        }
        const { value, done } = await reader.read();
        if (done) return null;
        buffer += decoder.decode(value, { stream: true });
      }
    },
    async rest(): Promise<string[]> {
      const out: string[] = [];
      for (let e = await this.next(); e !== null; e = await this.next()) out.push(e);
      return out;
    },
    cancel: () => reader.cancel(),
  };
}

const delta = (data: string | null): InternalChatDelta => internalChatDelta.parse(JSON.parse(data!));

describe("POST /internal/v1/chat/completions", () => {
  test("answers the whole completion with exact usage and logs one upstream call", async () => {
    gw = await startTestGateway();
    const res = await gw.signedPost(path, request);
    expect(res.status).toBe(200);
    const body = internalChatResponse.parse(await res.json());
    expect(body).toMatchObject({
      provider: "sandbox",
      model: "sandbox-chat",
      sandbox: true,
      content: reply.tokens.join(""),
      finishReason: reply.finishReason,
    });
    expect(body.usage).toEqual({
      promptTokens,
      completionTokens: reply.tokens.length,
      totalTokens: promptTokens + reply.tokens.length,
    });
    const logs = await gw.db.select().from(requestLog);
    expect(logs.map((l) => [l.capability, l.provider, l.model, l.status, l.requestId, l.tenantId])).toEqual([
      ["chat", "sandbox", "sandbox-chat", "ok", "req-chat-1", "tenant_a"],
    ]);
  });

  test("streams each delta as its own event before the upstream has produced the next one", async () => {
    const latch = createTokenLatch();
    const post = await latchedGateway(latch);
    latch.allow(1);
    const res = await post({ ...request, stream: true });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toStartWith("text/event-stream");
    const events = sseEvents(res);
    expect(delta(await events.next())).toEqual({ provider: "sandbox", sandbox: true });
    expect(delta(await events.next())).toEqual({ content: reply.tokens[0] });
    // The first token is in our hands while the sandbox waits to be allowed its second.
    await latch.waitForRequested(2);
    expect(latch.produced).toBe(1);

    latch.openAll();
    const rest = await events.rest();
    expect(rest.at(-1)).toBe("[DONE]");
    const deltas = rest.slice(0, -1).map((d) => delta(d));
    expect(deltas.slice(0, -1).map((d) => d.content)).toEqual(reply.tokens.slice(1));
    expect(deltas.at(-1)).toEqual({
      finishReason: reply.finishReason,
      usage: { promptTokens, completionTokens: reply.tokens.length, totalTokens: promptTokens + reply.tokens.length },
    });
    const logs = await loggedRows(gw!);
    expect(logs.map((l) => l.status)).toEqual(["ok"]);
  });

  test("cancelling the stream aborts the upstream mid-answer", async () => {
    const latch = createTokenLatch();
    const post = await latchedGateway(latch);
    latch.allow(2);
    const events = sseEvents(await post({ ...request, stream: true }));
    await events.next();
    expect(delta(await events.next()).content).toBe(reply.tokens[0]);
    expect(delta(await events.next()).content).toBe(reply.tokens[1]);
    await latch.waitForRequested(3);
    await events.cancel();
    await latch.waitForAbort();
    expect([latch.produced, latch.aborted]).toEqual([2, 1]);
  });

  test("over a real socket: each delta arrives before the next is produced, and a reader that leaves aborts the upstream", async () => {
    const latch = createTokenLatch();
    const post = await latchedGateway(latch, {}, undefined, true);
    latch.allow(1);
    const events = sseEvents(await post({ ...request, stream: true }));
    expect(delta(await events.next())).toEqual({ provider: "sandbox", sandbox: true });
    expect(delta(await events.next())).toEqual({ content: reply.tokens[0] });
    await latch.waitForRequested(2);
    expect(latch.produced).toBe(1);
    latch.allow(1);
    expect(delta(await events.next())).toEqual({ content: reply.tokens[1] });
    await latch.waitForRequested(3);
    // The connection goes away mid-answer: the gateway stops the upstream instead of reading it to the end.
    await events.cancel();
    await latch.waitForAbort();
    expect([latch.produced, latch.aborted]).toEqual([2, 1]);
    const logs = await loggedRows(gw!);
    expect(logs.map((l) => l.status)).toEqual(["ok"]);
  });

  test("a request aborted by the server aborts the upstream too", async () => {
    const latch = createTokenLatch();
    const post = await latchedGateway(latch);
    latch.allow(1);
    const abort = new AbortController();
    const events = sseEvents(await post({ ...request, stream: true }, abort.signal));
    await events.next();
    await events.next();
    await latch.waitForRequested(2);
    abort.abort();
    await latch.waitForAbort();
    expect(latch.produced).toBe(1);
  });

  test("a call the server cancels before the first token neither strikes the key nor tries the next one", async () => {
    const latch = createTokenLatch();
    const keysTried: (string | null)[] = [];
    const post = await latchedGateway(latch, {}, async (g) => {
      const inner = sandboxChat(createSimulation({ latencyMs: 0, failureRate: 0 }), {
        tokenDelayMs: 1,
        sleep: latch.sleep,
      });
      const keyed: Provider = {
        name: "keyed",
        requiresKey: true,
        chat: {
          complete: inner.complete,
          stream: (input, ctx) => {
            keysTried.push(ctx.key.id);
            return inner.stream(input, ctx);
          },
        },
      };
      const registry = createProviderRegistry({ hasProviderKeys: async () => true });
      registry.register(keyed, { models: ["keyed-chat"] });
      const repo = createKeyRepository({
        db: g.db,
        clock: g.clock,
        ids: sequentialIds("pk_"),
        encryptionKey: g.config.encryptionKey,
      });
      await repo.create({ provider: "keyed", name: "a", secret: "sk-a" });
      await repo.create({ provider: "keyed", name: "b", secret: "sk-b" });
      return registry;
    });
    const abort = new AbortController();
    const pending = post({ ...request, model: "keyed-chat", stream: true }, abort.signal);
    await latch.waitForRequested(1);
    abort.abort();
    const res = await pending;
    expect(res.status).toBe(504);
    expect((await res.json()).error.code).toBe("upstream_timeout");
    expect(keysTried).toHaveLength(1);
    const keys = await gw!.db.select().from(providerKeys);
    expect(keys.map((k) => k.failures)).toEqual([0, 0]);
    const logs = await gw!.db.select().from(requestLog);
    expect(logs.map((l) => [l.status, l.errorCode, l.keyId])).toEqual([["error", "upstream_timeout", keysTried[0]!]]);
  });

  test("a break after the start becomes an error event, then [DONE], and the call is logged as failed", async () => {
    const latch = createTokenLatch();
    latch.openAll();
    const post = await latchedGateway(latch, { failAfterTokens: 2 });
    const events = await sseEvents(await post({ ...request, stream: true })).rest();
    expect(events.at(-1)).toBe("[DONE]");
    const deltas = events.slice(0, -1).map((d) => delta(d));
    expect(deltas.map((d) => d.content ?? null)).toEqual([null, reply.tokens[0]!, reply.tokens[1]!, null]);
    expect(deltas.at(-1)!.error).toEqual({
      code: "upstream_unavailable",
      message: "sandbox: simulated stream break after 2 tokens",
    });
    const logs = await loggedRows(gw!);
    expect(logs.map((l) => [l.status, l.errorCode])).toEqual([["error", "upstream_unavailable"]]);
  });

  test("a failure before the first token answers a JSON error with its status, not a stream", async () => {
    gw = await startTestGateway({ env: { SANDBOX_FAILURE_RATE: "1" }, random: () => 0 });
    const res = await gw.signedPost(path, { ...request, stream: true });
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({
      error: { code: "upstream_unavailable", message: "sandbox: simulated upstream failure (SANDBOX_FAILURE_RATE)" },
    });
  });

  test("refuses a malformed request with 400 and calls no upstream", async () => {
    gw = await startTestGateway();
    const res = await gw.signedPost(path, { ...request, messages: [] });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_request");
    expect(await gw.db.select().from(requestLog)).toEqual([]);
  });
});

describe("cached prompt tokens from an OpenAI-compatible upstream", () => {
  const cachedUsage = {
    prompt_tokens: 1200,
    completion_tokens: 3,
    total_tokens: 1203,
    prompt_tokens_details: { cached_tokens: 1024 },
  };
  const call = { ...request, requestId: "req-cached", model: "gpt-4o-mini", provider: "openai" };

  async function withFakeOpenAI(run: (openai: OpenAIFake) => Promise<void>) {
    const openai = startOpenAIFake();
    try {
      gw = await startTestGateway();
      const repo = createKeyRepository({
        db: gw.db,
        clock: gw.clock,
        ids: sequentialIds("pk_"),
        encryptionKey: gw.config.encryptionKey,
      });
      await repo.create({ provider: "openai", name: "main", secret: "sk-cached-0000", baseUrl: openai.baseUrl });
      await run(openai);
    } finally {
      await openai.stop();
    }
  }

  test("a whole answer reports prompt_tokens_details.cached_tokens as usage.cachedPromptTokens", async () => {
    await withFakeOpenAI(async (openai) => {
      openai.enqueue({ status: 200, json: chatCompletion("Hi.", cachedUsage) });
      const res = await gw!.signedPost(path, call);
      expect(res.status).toBe(200);
      const body = internalChatResponse.parse(await res.json());
      expect(body.usage).toEqual({
        promptTokens: 1200,
        completionTokens: 3,
        totalTokens: 1203,
        cachedPromptTokens: 1024,
      });
    });
  });

  test("a stream reports them in its usage event (the last chunk, asked for with include_usage)", async () => {
    await withFakeOpenAI(async (openai) => {
      openai.enqueue({ sse: chatStreamEvents(["Hi", "."], cachedUsage) });
      const res = await gw!.signedPost(path, { ...call, stream: true });
      expect(res.status).toBe(200);
      const events = await sseEvents(res).rest();
      expect(events.at(-1)).toBe("[DONE]");
      const usage = events
        .slice(0, -1)
        .map((e) => delta(e))
        .find((d) => d.usage)?.usage;
      expect(usage).toEqual({ promptTokens: 1200, completionTokens: 3, totalTokens: 1203, cachedPromptTokens: 1024 });
      expect((openai.requests[0]!.body as { stream_options?: unknown }).stream_options).toEqual({
        include_usage: true,
      });
    });
  });

  test("without cache details (or zero cached) the field is absent, and a vendor's overcount is capped at the prompt", async () => {
    await withFakeOpenAI(async (openai) => {
      openai.enqueue(
        { status: 200, json: chatCompletion("Hi.", { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 }) },
        {
          status: 200,
          json: chatCompletion("Hi.", { ...cachedUsage, prompt_tokens_details: { cached_tokens: 0 } }),
        },
        {
          status: 200,
          json: chatCompletion("Hi.", { ...cachedUsage, prompt_tokens_details: { cached_tokens: 5000 } }),
        },
      );
      const usages = [];
      for (const requestId of ["req-c1", "req-c2", "req-c3"]) {
        const res = await gw!.signedPost(path, { ...call, requestId });
        usages.push(internalChatResponse.parse(await res.json()).usage);
      }
      expect(usages).toEqual([
        { promptTokens: 9, completionTokens: 3, totalTokens: 12 },
        { promptTokens: 1200, completionTokens: 3, totalTokens: 1203 },
        { promptTokens: 1200, completionTokens: 3, totalTokens: 1203, cachedPromptTokens: 1200 },
      ]);
    });
  });
});
