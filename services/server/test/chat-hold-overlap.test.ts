// A billed chat's gateway call starts the moment its hold is granted, while the hold's commit is still being written
// (ledger.ts onHeld, statements.ts decided), and never for a hold that is refused. The books stay exact either way.
import { Database } from "bun:sqlite";
import { afterEach, expect, test } from "bun:test";
import { type Stack, startStack } from "./support/stack";
import { balanceAndLedgerSum, tableCounts } from "./support/temp-db";

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

const chat = (s: Stack, apiKey: string, maxTokens: number, stream = false) =>
  s.app.request("/api/v1/chat/completions", {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "sandbox-chat",
      messages: [{ role: "user", content: "Say hello" }],
      max_tokens: maxTokens,
      stream,
    }),
  });

test("the gateway call of a granted hold starts before the hold is committed, whole or streamed; a refused hold calls nothing", async () => {
  let peek: Database | undefined;
  let tenantId = "";
  // The tenant's committed balance at the moment each gateway call was made (read on another connection).
  const committedAtCall: number[] = [];
  const committed = () =>
    (peek!.query("SELECT credits FROM tenants WHERE id = ?").get(tenantId) as { credits: number }).credits;
  stack = await startStack({
    wrapGateway: (real) => ({
      ...real,
      completeChat(input) {
        committedAtCall.push(committed());
        return real.completeChat(input);
      },
      streamChat(input, signal) {
        committedAtCall.push(committed());
        return real.streamChat(input, signal);
      },
    }),
  });
  peek = new Database(stack.dbUrl.slice("file:".length), { readonly: true });
  const { tenant, apiKey } = await stack.createTenant(1_000);
  tenantId = tenant.id;

  const answered = await chat(stack, apiKey, 100);
  expect(answered.status).toBe(200);
  const charged = ((await answered.json()) as { waule: { credits: number } }).waule.credits;
  expect(charged).toBeGreaterThan(0);
  // Called while the committed balance was still the opening one: the hold was decided, not yet written.
  expect(committedAtCall).toEqual([1_000]);
  expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({
    balance: 1_000 - charged,
    ledgerSum: 1_000 - charged,
  });

  // Streamed: the gateway stream is opened while the hold (durable here: the stream answers before its settle) is
  // still being written.
  const streamed = await chat(stack, apiKey, 100, true);
  expect(streamed.status).toBe(200);
  expect(await streamed.text()).toContain("data: [DONE]");
  expect(committedAtCall).toEqual([1_000, 1_000 - charged]);
  const books = await balanceAndLedgerSum(stack.db, tenant.id);
  expect(books.balance).toBe(books.ledgerSum);
  expect(books.balance).toBeLessThan(1_000 - charged);

  // A hold the balance cannot cover (a tenant with nothing left): 402, no gateway call, nothing written.
  const broke = await stack.createTenant(0, "Broke");
  tenantId = broke.tenant.id;
  const before = await tableCounts(stack.db);
  for (const stream of [false, true]) {
    const refused = await chat(stack, broke.apiKey, 100, stream);
    expect(refused.status).toBe(402);
  }
  expect(committedAtCall).toHaveLength(2);
  expect(await tableCounts(stack.db)).toEqual(before);
  peek.close();
});

test("a hold whose group fails to commit after it was granted: its gateway call is dropped, nothing is held", async () => {
  const signals: { tenantId: string; signal: AbortSignal | undefined }[] = [];
  stack = await startStack({
    wrapGateway: (real) => ({
      ...real,
      completeChat(input, signal) {
        signals.push({ tenantId: input.tenantId, signal });
        return real.completeChat(input, signal);
      },
    }),
  });
  const a = await stack.createTenant(1_000, "A");
  const b = await stack.createTenant(1_000, "B");
  // Stands in for a commit that fails after the statements ran (a full disk, an I/O error): B's hold, a later unit
  // of the same group, ends the whole transaction after A's hold was granted.
  await stack.db.$client.execute(
    `CREATE TRIGGER boom AFTER INSERT ON credit_holds WHEN NEW.tenant_id = '${b.tenant.id}'
     BEGIN SELECT RAISE(ROLLBACK, 'simulated commit failure'); END`,
  );
  const [ra, rb] = await Promise.all([chat(stack, a.apiKey, 100), chat(stack, b.apiKey, 100)]);
  expect([ra.status, rb.status]).toEqual([500, 500]);
  // A's call had been sent the moment its hold was granted; once the hold was gone, it was aborted.
  expect(signals.map((s) => [s.tenantId, s.signal?.aborted])).toEqual([[a.tenant.id, true]]);
  const holds = await stack.db.$client.execute("SELECT COUNT(*) AS n FROM credit_holds");
  expect(Number(holds.rows[0]?.n)).toBe(0);
  for (const t of [a, b])
    expect(await balanceAndLedgerSum(stack.db, t.tenant.id)).toEqual({ balance: 1_000, ledgerSum: 1_000 });
  // The in-process gateway goes on with the dropped call until it sees the abort; let it finish (its request-log
  // row is the last thing it writes) before the stack and its databases close.
  for (let turn = 0; turn < 200; turn++) {
    const logged = await stack.gatewayDb.$client.execute("SELECT COUNT(*) AS n FROM request_log");
    if (Number(logged.rows[0]?.n) > 0) break;
    await Bun.sleep(5);
  }
});
