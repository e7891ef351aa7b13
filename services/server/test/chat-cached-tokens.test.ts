// Cached input tokens: a gateway answer that reports prompt tokens served from the upstream's cache is billed with
// those at the cached-input price and the rest of the prompt at the input price, whole and streamed; without a
// cached-input price they cost the input price. The fake gateway answers over the real client (schema included).
import { afterEach, expect, test } from "bun:test";
import { systemClock } from "@waule/shared/clock";
import { createGatewayClient } from "../src/gateway-client/client";
import { adminSession } from "./support/admin";
import { type Stack, startStack } from "./support/stack";
import { balanceAndLedgerSum } from "./support/temp-db";

const USAGE = { promptTokens: 2000, completionTokens: 500, totalTokens: 2500, cachedPromptTokens: 1500 };

/** The gateway's internal chat answer, as JSON or as its SSE stream, carrying USAGE. */
function fakeGatewayFetch(usage: Record<string, number> = USAGE) {
  return async (request: Request): Promise<Response> => {
    const body = (await request.json()) as { stream?: boolean; model?: string };
    if (!body.stream)
      return Response.json({
        provider: "sandbox",
        model: body.model ?? "sandbox-chat",
        sandbox: true,
        id: "chat_1",
        content: "cached hello",
        finishReason: "stop",
        usage,
      });
    const events = [
      { provider: "sandbox", sandbox: true, content: "cached " },
      { content: "hello" },
      { finishReason: "stop", usage },
    ];
    const text = `${events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join("")}data: [DONE]\n\n`;
    return new Response(text, { headers: { "content-type": "text/event-stream" } });
  };
}

let stack: Stack;
afterEach(async () => {
  await stack?.stop();
});

async function stackWithPrices(override: Record<string, number>, usage?: Record<string, number>) {
  stack = await startStack({
    wrapGateway: () =>
      createGatewayClient({
        baseUrl: "http://gateway.test",
        secret: "x".repeat(32),
        timeoutMs: 5000,
        clock: systemClock,
        fetch: fakeGatewayFetch(usage),
      }),
  });
  const { call } = await adminSession(stack);
  const t = await stack.createTenant(100_000, "Cache");
  expect(
    (await call("POST", "/price-groups", { id: "cache", name: "Cache", overrides: { "sandbox-chat": override } }))
      .status,
  ).toBe(201);
  expect((await call("PUT", `/tenants/${t.tenant.id}/price-group`, { priceGroupId: "cache" })).status).toBe(200);
  return t;
}

async function chat(apiKey: string, stream: boolean) {
  return stack.app.request("/api/v1/chat/completions", {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "sandbox-chat",
      messages: [{ role: "user", content: "hello again" }],
      max_tokens: 2000,
      stream,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
    }),
  });
}

async function charges(tenantId: string) {
  const rs = await stack.db.$client.execute({
    sql: "SELECT credits, metadata FROM usage_records WHERE tenant_id = ? ORDER BY created_at",
    args: [tenantId],
  });
  return rs.rows.map((r) => ({ credits: Number(r.credits), metadata: JSON.parse(String(r.metadata)) }));
}

test("cached prompt tokens are billed at the cached-input price, the rest of the prompt at the input price", async () => {
  const t = await stackWithPrices({ inputPrice: 1000, outputPrice: 3000, cachedInputPrice: 100 });
  const res = await chat(t.apiKey, false);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { usage: Record<string, unknown>; waule: { credits: number } };
  // (2000 - 1500) × 1 + 1500 × 0.1 + 500 × 3 credits per token
  expect(body.waule.credits).toBe(500 + 150 + 1500);
  expect(body.usage).toEqual({
    prompt_tokens: 2000,
    completion_tokens: 500,
    total_tokens: 2500,
    prompt_tokens_details: { cached_tokens: 1500 },
  });
  const [row] = await charges(t.tenant.id);
  expect(row?.credits).toBe(2150);
  expect(row?.metadata.prompt_tokens_details).toEqual({ cached_tokens: 1500 });
  expect(await balanceAndLedgerSum(stack.db, t.tenant.id)).toEqual({ balance: 97_850, ledgerSum: 97_850 });
});

test("a streamed answer's cached tokens are billed the same way at its settle", async () => {
  const t = await stackWithPrices({ inputPrice: 1000, outputPrice: 3000, cachedInputPrice: 100 });
  const res = await chat(t.apiKey, true);
  expect(res.status).toBe(200);
  const text = await res.text();
  expect(text).toContain('"cached_tokens":1500');
  expect((await charges(t.tenant.id)).map((r) => r.credits)).toEqual([2150]);
  expect(await balanceAndLedgerSum(stack.db, t.tenant.id)).toEqual({ balance: 97_850, ledgerSum: 97_850 });
});

test("without a cached-input price, cached tokens cost the input price", async () => {
  const t = await stackWithPrices({ inputPrice: 1000, outputPrice: 3000 });
  const body = (await (await chat(t.apiKey, false)).json()) as { waule: { credits: number } };
  expect(body.waule.credits).toBe(2000 + 1500);
  expect((await charges(t.tenant.id)).map((r) => r.credits)).toEqual([3500]);
});

test("cached tokens reported beyond the prompt count as the whole prompt cached, no more", async () => {
  const t = await stackWithPrices(
    { inputPrice: 1000, outputPrice: 3000, cachedInputPrice: 100 },
    { promptTokens: 200, completionTokens: 100, totalTokens: 300, cachedPromptTokens: 5000 },
  );
  const body = (await (await chat(t.apiKey, false)).json()) as { waule: { credits: number } };
  // All 200 prompt tokens cached at most: 200 × 0.1 + 100 × 3.
  expect(body.waule.credits).toBe(20 + 300);
});
