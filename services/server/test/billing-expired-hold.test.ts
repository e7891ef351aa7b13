// Review: a hold the stale-hold sweep released while the provider was still working means nothing was charged;
// the call must then fail (409) instead of handing out the result free with `credits` reported.
import { afterEach, describe, expect, test } from "bun:test";
import { releaseHold } from "../src/billing/ledger";
import { postImages, type Stack, startStack } from "./support/stack";
import { balanceAndLedgerSum } from "./support/temp-db";

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

/** Releases every open hold, as the stale sweep would, between the gateway's answer and the settle. */
async function releaseOpenHolds(s: Stack): Promise<void> {
  const rs = await s.db.$client.execute("SELECT id FROM credit_holds WHERE status = 'held'");
  for (const row of rs.rows)
    expect(await releaseHold({ db: s.db, now: s.deps.clock.now() }, String(row.id))).toBe(true);
}

async function startWithLateSweep(): Promise<Stack> {
  let self: Stack | undefined;
  const started = await startStack({
    wrapGateway: (real) => ({
      ...real,
      async generateImages(input) {
        const out = await real.generateImages(input);
        await releaseOpenHolds(self!);
        return out;
      },
      async completeChat(input) {
        const out = await real.completeChat(input);
        await releaseOpenHolds(self!);
        return out;
      },
      async speechBytes(input) {
        const out = await real.speechBytes(input);
        await releaseOpenHolds(self!);
        return out;
      },
    }),
  });
  self = started;
  return started;
}

async function expectExpired(s: Stack, tenantId: string, res: Response, credits: number) {
  expect(res.status).toBe(409);
  const body = (await res.json()) as { error: { code: string; message: string }; waule?: unknown };
  expect(body.error.code).toBe("conflict");
  expect(body.error.message).toContain("nothing was charged");
  expect(body.waule).toBeUndefined();
  expect(await balanceAndLedgerSum(s.db, tenantId)).toEqual({ balance: credits, ledgerSum: credits });
  const holds = await s.db.$client.execute({
    sql: "SELECT status FROM credit_holds WHERE tenant_id = ?",
    args: [tenantId],
  });
  expect(holds.rows.map((r) => r.status)).toEqual(["released"]);
  const usage = await s.db.$client.execute({
    sql: "SELECT COUNT(*) AS n FROM usage_records WHERE tenant_id = ?",
    args: [tenantId],
  });
  expect(Number(usage.rows[0]?.n)).toBe(0);
}

const post = (s: Stack, apiKey: string, path: string, body: unknown) =>
  s.app.request(path, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("a hold released before settle", () => {
  test("images: 409, no image handed out, balance untouched, no usage row", async () => {
    stack = await startWithLateSweep();
    const { tenant, apiKey } = await stack.createTenant(100);
    const res = await postImages(stack, apiKey, { model: "sandbox-image", prompt: "late", n: 2, size: "64x64" });
    await expectExpired(stack, tenant.id, res, 100);
  });

  test("chat: 409, no completion handed out", async () => {
    stack = await startWithLateSweep();
    const { tenant, apiKey } = await stack.createTenant(1_000);
    const res = await post(stack, apiKey, "/api/v1/chat/completions", {
      model: "sandbox-chat",
      messages: [{ role: "user", content: "hello" }],
      max_tokens: 16,
    });
    await expectExpired(stack, tenant.id, res, 1_000);
  });

  test("speech: 409, no audio handed out", async () => {
    stack = await startWithLateSweep();
    const { tenant, apiKey } = await stack.createTenant(1_000);
    const res = await post(stack, apiKey, "/api/v1/audio/speech", {
      model: "sandbox-tts",
      input: "a short line",
      voice: "alloy",
      response_format: "wav",
    });
    await expectExpired(stack, tenant.id, res, 1_000);
  });
});
