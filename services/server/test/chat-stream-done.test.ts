// A chat stream that ran to [DONE] is a finished call, whoever hangs up first afterwards. The web app once cancelled
// the body as soon as it read [DONE] (fc93a4b; web/test/readable.test.ts watches the browser's side), so the client's
// disconnect races the end of the stream: what is recorded must not depend on who wins. Here the client aborts the
// moment [DONE] arrives, and the usage row History reads (settled in full, not "disconnected"), the hold and the
// gateway's request log (ok, not failed) must all say the call finished.
import { afterEach, describe, expect, test } from "bun:test";
import { type Stack, startStack } from "./support/stack";
import { balanceAndLedgerSum } from "./support/temp-db";

let stack: Stack;
let server: ReturnType<typeof Bun.serve> | undefined;
afterEach(async () => {
  await server?.stop(true);
  await stack.stop();
});

/** Streams one chat over real HTTP and aborts the connection the moment `data: [DONE]` has been read. */
async function chatUntilDone(url: string, apiKey: string): Promise<{ text: string; requestId: string }> {
  const hangUp = new AbortController();
  const res = await fetch(`${url}/api/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "sandbox-chat",
      messages: [{ role: "user", content: "say something short" }],
      max_tokens: 40,
      stream: true,
    }),
    signal: hangUp.signal,
  });
  expect(res.status).toBe(200);
  const requestId = res.headers.get("x-waule-request-id") ?? "";
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (!text.includes("data: [DONE]")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  hangUp.abort();
  await reader.cancel().catch(() => undefined);
  return { text, requestId };
}

async function waitFor<T>(read: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await Bun.sleep(5);
  }
  throw new Error("the expected row never appeared");
}

describe("a chat stream that reached [DONE]", () => {
  test("is recorded as a finished call when the client hangs up right after [DONE]: settled, not disconnected, logged ok", async () => {
    stack = await startStack();
    server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: stack.app.fetch });
    const { tenant, apiKey } = await stack.createTenant(1000);

    const { text, requestId } = await chatUntilDone(`http://127.0.0.1:${server.port}`, apiKey);
    // The answer's end as the client read it, just before [DONE].
    const finishReason = /"finish_reason":"([a-z_]+)"/.exec(text)?.[1];
    expect(finishReason).toBe("length");
    expect(requestId).toMatch(/^req_/);

    const hold = await waitFor(async () => {
      const rs = await stack.db.$client.execute({
        sql: "SELECT status, settled_amount FROM credit_holds WHERE tenant_id = ? AND status != 'held'",
        args: [tenant.id],
      });
      return rs.rows[0];
    });
    expect(hold.status).toBe("settled");
    // Give a late disconnect handler every chance to rewrite the outcome before reading it.
    await Bun.sleep(100);
    const usage = await stack.db.$client.execute({
      sql: "SELECT credits, metadata FROM usage_records WHERE tenant_id = ? AND request_id = ?",
      args: [tenant.id, requestId],
    });
    expect(usage.rows).toHaveLength(1);
    const metadata = JSON.parse(String(usage.rows[0]!.metadata)) as Record<string, unknown>;
    expect(metadata).toMatchObject({ stream: true, disconnected: false, finishReason });
    expect(Number(usage.rows[0]!.credits)).toBe(Number(hold.settled_amount));
    expect(Number(usage.rows[0]!.credits)).toBeGreaterThan(0);
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({
      balance: 1000 - Number(usage.rows[0]!.credits),
      ledgerSum: 1000 - Number(usage.rows[0]!.credits),
    });

    // History lists it as one ordinary chat call with its cost.
    const history = (await (
      await stack.app.request("/api/v1/usage", { headers: { authorization: `Bearer ${apiKey}` } })
    ).json()) as { data: { operation: string; credits: number; requestId: string | null }[] };
    expect(history.data).toEqual([
      expect.objectContaining({ operation: "chat.completion", requestId, credits: Number(usage.rows[0]!.credits) }),
    ]);

    // The gateway logged the upstream call as ok: the hang-up came after its stream had ended.
    const log = await waitFor(async () => {
      const rs = await stack.gatewayDb.$client.execute({
        sql: "SELECT status, error_code FROM request_log WHERE request_id = ?",
        args: [requestId],
      });
      return rs.rows[0];
    });
    expect(log).toMatchObject({ status: "ok", error_code: null });
  });
});
