// Chat through the official openai SDK against a real HTTP server: chunks relayed before the upstream finishes,
// tokens billed exactly, a client that leaves mid-stream charged only for what was produced, failures refunded.
import { afterEach, describe, expect, test } from "bun:test";
import { estimatePromptTokens, estimateTokens } from "@waule/shared/chat";
import OpenAI from "openai";
import { sandboxReply } from "../../gateway/src/providers/sandbox/text";
import { createTokenLatch, latchedSandboxRegistry, type TokenLatch } from "../../gateway/test/support/latched-sandbox";
import { type Stack, type StackOptions, startStack } from "./support/stack";
import { balanceAndLedgerSum, tableCounts } from "./support/temp-db";

const messages = [
  { role: "system" as const, content: "You answer briefly." },
  { role: "user" as const, content: "Describe a harbor at night" },
];
const MAX_TOKENS = 100;
const reply = sandboxReply({ messages, maxTokens: MAX_TOKENS });
const promptTokens = estimatePromptTokens(messages);
/** 1000 credits per 1K tokens = one credit per token, so every token shows in the balance. */
const PRICE = 1000;
const OPENING = 10_000;

type Running = { stack: Stack; server: ReturnType<typeof Bun.serve>; client: OpenAI; baseURL: string };
let running: Running | undefined;
afterEach(async () => {
  await running?.server.stop(true);
  await running?.stack.stop();
  running = undefined;
});

async function start(options: StackOptions = {}): Promise<Running> {
  const stack = await startStack(options);
  await stack.db.$client.execute({ sql: "UPDATE models SET price = ? WHERE id = 'sandbox-chat'", args: [PRICE] });
  const server = Bun.serve({ port: 0, fetch: stack.app.fetch });
  const baseURL = `http://127.0.0.1:${server.port}/api/v1`;
  running = { stack, server, client: new OpenAI({ apiKey: "unused", baseURL, maxRetries: 0 }), baseURL };
  return running;
}

async function tenantClient(r: Running, credits = OPENING) {
  const { tenant, apiKey } = await r.stack.createTenant(credits);
  return { tenant, apiKey, client: new OpenAI({ apiKey, baseURL: r.baseURL, maxRetries: 0 }) };
}

async function ledger(r: Running, tenantId: string) {
  const rs = await r.stack.db.$client.execute({
    sql: "SELECT kind, amount FROM credit_ledger WHERE tenant_id = ? ORDER BY seq",
    args: [tenantId],
  });
  return rs.rows.map((row) => [String(row.kind), Number(row.amount)]);
}
async function holds(r: Running, tenantId: string) {
  const rs = await r.stack.db.$client.execute({
    sql: "SELECT status, amount, settled_amount FROM credit_holds WHERE tenant_id = ?",
    args: [tenantId],
  });
  return rs.rows.map((row) => ({
    status: String(row.status),
    amount: Number(row.amount),
    settled: row.settled_amount === null ? null : Number(row.settled_amount),
  }));
}
async function usageRows(r: Running, tenantId: string) {
  const rs = await r.stack.db.$client.execute({
    sql: "SELECT operation, model, credits, metadata FROM usage_records WHERE tenant_id = ?",
    args: [tenantId],
  });
  return rs.rows.map((row) => ({
    operation: String(row.operation),
    model: String(row.model),
    credits: Number(row.credits),
    metadata: JSON.parse(String(row.metadata)),
  }));
}
/** Waits for server-side state (the hold closing after a disconnect); bounded so a broken server fails the test. */
async function until(check: () => Promise<boolean>) {
  for (let i = 0; i < 1000; i++) {
    if (await check()) return;
    await Bun.sleep(5);
  }
  throw new Error("the server never reached the expected state");
}

const latched = (latch: TokenLatch, chat: Parameters<typeof latchedSandboxRegistry>[1] = {}) =>
  start({ gatewayOverrides: { providers: latchedSandboxRegistry(latch, chat) } });

describe("streaming chat through the openai SDK", () => {
  test("each chunk reaches the client while the upstream is still producing, and usage is billed exactly", async () => {
    const latch = createTokenLatch();
    const r = await latched(latch);
    const { tenant, client } = await tenantClient(r);
    latch.allow(1);
    const stream = await client.chat.completions.create({
      model: "sandbox-chat",
      messages,
      max_tokens: MAX_TOKENS,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = stream[Symbol.asyncIterator]();
    const opening = await chunks.next();
    expect(opening.value?.choices[0]?.delta).toEqual({ role: "assistant", content: "" });
    const first = await chunks.next();
    expect(first.value?.choices[0]?.delta.content).toBe(reply.tokens[0]);
    // The first token is in the client's hands while the sandbox waits for leave to produce its second.
    await latch.waitForRequested(2);
    expect(latch.produced).toBe(1);
    expect(await holds(r, tenant.id)).toEqual([{ status: "held", amount: promptTokens + MAX_TOKENS, settled: null }]);

    latch.openAll();
    const rest = [];
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) rest.push(next.value);
    const contents = rest.flatMap((c) => c.choices.map((ch) => ch.delta.content ?? "")).filter((t) => t !== "");
    expect(contents).toEqual(reply.tokens.slice(1));
    expect(rest.at(-2)?.choices[0]?.finish_reason).toBe(reply.finishReason);
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: reply.tokens.length,
      total_tokens: promptTokens + reply.tokens.length,
    };
    expect(rest.at(-1)?.choices).toEqual([]);
    expect(rest.at(-1)?.usage).toEqual(usage);

    const charged = promptTokens + reply.tokens.length;
    expect(await balanceAndLedgerSum(r.stack.db, tenant.id)).toEqual({
      balance: OPENING - charged,
      ledgerSum: OPENING - charged,
    });
    expect(await ledger(r, tenant.id)).toEqual([
      ["recharge", OPENING],
      ["hold", -(promptTokens + MAX_TOKENS)],
      ["settle", MAX_TOKENS - reply.tokens.length],
    ]);
    expect(await holds(r, tenant.id)).toEqual([
      { status: "settled", amount: promptTokens + MAX_TOKENS, settled: charged },
    ]);
    const rows = await usageRows(r, tenant.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      operation: "chat.completion",
      model: "sandbox-chat",
      credits: charged,
      metadata: {
        ...usage,
        usageSource: "upstream",
        stream: true,
        disconnected: false,
        provider: "sandbox",
        sandbox: true,
      },
    });
  });

  test("non-streamed chat through the SDK answers the whole completion and bills its tokens", async () => {
    const r = await start();
    const { tenant, client } = await tenantClient(r);
    const completion = await client.chat.completions.create({
      model: "sandbox-chat",
      messages,
      max_tokens: MAX_TOKENS,
    });
    expect(completion.object).toBe("chat.completion");
    expect(completion.choices[0]?.message).toMatchObject({ role: "assistant", content: reply.tokens.join("") });
    expect(completion.choices[0]?.finish_reason).toBe(reply.finishReason);
    const charged = promptTokens + reply.tokens.length;
    expect(completion.usage).toEqual({
      prompt_tokens: promptTokens,
      completion_tokens: reply.tokens.length,
      total_tokens: charged,
    });
    expect((completion as unknown as { waule: unknown }).waule).toEqual({
      request_id: expect.stringMatching(/^req_/),
      credits: charged,
      sandbox: true,
    });
    expect(await balanceAndLedgerSum(r.stack.db, tenant.id)).toEqual({
      balance: OPENING - charged,
      ledgerSum: OPENING - charged,
    });
    expect(
      (await usageRows(r, tenant.id)).map((u) => [u.credits, u.metadata.completion_tokens, u.metadata.stream]),
    ).toEqual([[charged, reply.tokens.length, false]]);
  });

  test("a client that disconnects mid-stream is charged for the prompt and the tokens produced, and the upstream stops", async () => {
    const latch = createTokenLatch();
    const r = await latched(latch);
    const { tenant, client } = await tenantClient(r);
    // The gateway answers once the first token exists (so a failing key can still fail over): allow it up front.
    latch.allow(1);
    const stream = await client.chat.completions.create({
      model: "sandbox-chat",
      messages,
      max_tokens: MAX_TOKENS,
      stream: true,
    });
    const chunks = stream[Symbol.asyncIterator]();
    await chunks.next(); // the role chunk
    const received: string[] = [];
    for (let i = 0; i < 3; i++) {
      if (i > 0) latch.allow(1);
      received.push((await chunks.next()).value?.choices[0]?.delta.content ?? "");
    }
    expect(received).toEqual(reply.tokens.slice(0, 3));
    await latch.waitForRequested(4);
    stream.controller.abort();
    await latch.waitForAbort();
    await until(async () => (await holds(r, tenant.id))[0]?.status !== "held");

    const completionTokens = estimateTokens(received.join(""));
    const charged = promptTokens + completionTokens;
    expect(latch.produced).toBe(3);
    expect(await holds(r, tenant.id)).toEqual([
      { status: "settled", amount: promptTokens + MAX_TOKENS, settled: charged },
    ]);
    expect(await balanceAndLedgerSum(r.stack.db, tenant.id)).toEqual({
      balance: OPENING - charged,
      ledgerSum: OPENING - charged,
    });
    const rows = await usageRows(r, tenant.id);
    expect(rows.map((u) => u.credits)).toEqual([charged]);
    expect(rows[0]?.metadata).toMatchObject({
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      usageSource: "estimate",
      disconnected: true,
      producedChars: received.join("").length,
    });
  });

  test("a client that leaves before the first token costs nothing and stops the upstream", async () => {
    const latch = createTokenLatch();
    const r = await latched(latch);
    const { tenant, client } = await tenantClient(r);
    const abort = new AbortController();
    const pending = client.chat.completions
      .create({ model: "sandbox-chat", messages, max_tokens: MAX_TOKENS, stream: true }, { signal: abort.signal })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    await latch.waitForRequested(1);
    expect(await holds(r, tenant.id)).toMatchObject([{ status: "held" }]);
    abort.abort();
    expect(await pending).toBeInstanceOf(OpenAI.APIUserAbortError);
    await latch.waitForAbort();
    await until(async () => (await holds(r, tenant.id))[0]?.status !== "held");
    expect(latch.produced).toBe(0);
    expect(await holds(r, tenant.id)).toMatchObject([{ status: "released" }]);
    expect(await balanceAndLedgerSum(r.stack.db, tenant.id)).toEqual({ balance: OPENING, ledgerSum: OPENING });
    expect(await usageRows(r, tenant.id)).toEqual([]);
  });

  test("an upstream break mid-stream surfaces as an SDK error and the hold is released", async () => {
    const latch = createTokenLatch();
    latch.openAll();
    const r = await latched(latch, { failAfterTokens: 2 });
    const { tenant, client } = await tenantClient(r);
    const stream = await client.chat.completions.create({
      model: "sandbox-chat",
      messages,
      max_tokens: MAX_TOKENS,
      stream: true,
    });
    const received: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? "");
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toContain("simulated stream break after 2 tokens");
    expect(received.filter((t) => t !== "")).toEqual(reply.tokens.slice(0, 2));
    expect(await ledger(r, tenant.id)).toEqual([
      ["recharge", OPENING],
      ["hold", -(promptTokens + MAX_TOKENS)],
      ["release", promptTokens + MAX_TOKENS],
    ]);
    expect(await balanceAndLedgerSum(r.stack.db, tenant.id)).toEqual({ balance: OPENING, ledgerSum: OPENING });
    expect(await usageRows(r, tenant.id)).toEqual([]);
  });

  test("a gateway failure before the first token answers the SDK an error status and costs nothing", async () => {
    const r = await start({ sandboxFailureRate: 1 });
    const { tenant, client } = await tenantClient(r);
    const error = await client.chat.completions.create({ model: "sandbox-chat", messages, stream: true }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect((await ledger(r, tenant.id)).map(([kind]) => kind)).toEqual(["recharge", "hold", "release"]);
    expect(await balanceAndLedgerSum(r.stack.db, tenant.id)).toEqual({ balance: OPENING, ledgerSum: OPENING });
    expect(await holds(r, tenant.id)).toMatchObject([{ status: "released" }]);
  });
});

describe("POST /api/v1/chat/completions on the wire", () => {
  test("streams OpenAI chunk lines ending in data: [DONE], without usage unless asked", async () => {
    const r = await start();
    const { apiKey } = await tenantClient(r);
    const res = await fetch(`${r.baseURL}/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "sandbox-chat", messages, max_tokens: MAX_TOKENS, stream: true }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toStartWith("text/event-stream");
    const events = (await res.text()).split("\n\n").filter(Boolean);
    expect(events.at(-1)).toBe("data: [DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.replace(/^data: /, "")));
    expect(
      chunks.every((c) => c.object === "chat.completion.chunk" && c.model === "sandbox-chat" && !("usage" in c)),
    ).toBe(true);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(chunks.map((c) => c.choices[0].delta.content ?? "").join("")).toBe(reply.tokens.join(""));
  });

  test("Idempotency-Key replays a whole completion and charges once; with stream it is refused and nothing is written", async () => {
    const r = await start();
    const { tenant, apiKey } = await tenantClient(r);
    const post = (body: unknown, key: string) =>
      fetch(`${r.baseURL}/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", "idempotency-key": key },
        body: JSON.stringify(body),
      });
    const body = { model: "sandbox-chat", messages, max_tokens: MAX_TOKENS };
    const first = await post(body, "chat-key-1");
    const again = await post(body, "chat-key-1");
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    const charged = promptTokens + reply.tokens.length;
    expect(await balanceAndLedgerSum(r.stack.db, tenant.id)).toEqual({
      balance: OPENING - charged,
      ledgerSum: OPENING - charged,
    });

    const before = await tableCounts(r.stack.db);
    const streamed = await post({ ...body, stream: true }, "chat-key-2");
    expect(streamed.status).toBe(400);
    expect((await streamed.json()).error.code).toBe("invalid_request");
    expect(await tableCounts(r.stack.db)).toEqual(before);
  });

  test("bad input and a short balance are refused before anything is written", async () => {
    const r = await start();
    const { apiKey } = await tenantClient(r, 10);
    const post = (body: unknown) =>
      fetch(`${r.baseURL}/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const before = await tableCounts(r.stack.db);
    for (const bad of [
      { model: "sandbox-chat", messages: [] },
      { model: "sandbox-chat", messages, n: 2 },
      { model: "sandbox-image", messages },
      { model: "sandbox-chat", messages, max_tokens: 0 },
    ]) {
      const res = await post(bad);
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe("invalid_request");
    }
    const short = await post({ model: "sandbox-chat", messages, max_tokens: MAX_TOKENS, stream: true });
    expect(short.status).toBe(402);
    expect(await tableCounts(r.stack.db)).toEqual(before);
  });
});
