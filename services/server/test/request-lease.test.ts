// A sync call whose server process dies mid-call: its hold and Idempotency-Key carry that process's lease, so another
// instance lets the client retry within seconds and releases the dead call's hold, charging exactly once.
import { afterEach, expect, test } from "bun:test";
import { manualClock } from "@waule/shared/clock";
import { createServerApp } from "../src/app";
import { createRequestLease } from "../src/leases/request-lease";
import { createTaskRunner } from "../src/tasks";
import { type Stack, startStack } from "./support/stack";
import { balanceAndLedgerSum } from "./support/temp-db";

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

const T0 = Date.UTC(2026, 11, 3, 12, 0, 0);
const body = { model: "sandbox-image", prompt: "a lighthouse", n: 1, size: "256x256" };

test("a call whose process died frees its Idempotency-Key and hold within a lease; the retry is charged once", async () => {
  const clock = manualClock(T0);
  let reached!: () => void;
  const atGateway = new Promise<void>((resolve) => (reached = resolve));
  let calls = 0;
  stack = await startStack({
    clock,
    wrapGateway: (real) => ({
      ...real,
      // The first call never comes back: its process "dies" while the gateway works.
      async generateImages(input) {
        if (++calls > 1) return real.generateImages(input);
        reached();
        return new Promise(() => {});
      },
    }),
  });
  const ttlMs = stack.config.REQUEST_LEASE_SECONDS * 1000;
  const { tenant, apiKey } = await stack.createTenant(100);
  const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json", "idempotency-key": "k-1" };
  const post = (app: { request: Stack["app"]["request"] }) =>
    app.request("/api/v1/images/generations", { method: "POST", headers, body: JSON.stringify(body) });

  void post(stack.app); // instance A: dies mid-call, never renews again
  await atGateway;
  // Instance B on the same database, with its own lease and runner.
  const depsB = { ...stack.deps, lease: createRequestLease(stack.deps, ttlMs) };
  const appB = createServerApp(depsB);
  const runnerB = createTaskRunner(depsB);

  // While A's lease holds, the key is in progress and B's sweep leaves A's hold alone.
  clock.advance(ttlMs - 1);
  await runnerB.tick();
  expect((await post(appB)).status).toBe(409);
  const holds = () => stack!.db.$client.execute("SELECT status FROM credit_holds ORDER BY created_at, id");
  expect((await holds()).rows.map((r) => r.status)).toEqual(["held"]);

  // A live process renews: its call stays alive past the first lease.
  await stack.deps.lease.renew();
  clock.advance(2);
  await runnerB.tick();
  expect((await holds()).rows.map((r) => r.status)).toEqual(["held"]);
  expect((await post(appB)).status).toBe(409);

  // A is dead: one lease after its last renewal the retry is served, and the dead call's hold released.
  clock.advance(ttlMs);
  const retry = await post(appB);
  expect(retry.status).toBe(200);
  await runnerB.tick();
  const statuses = (await holds()).rows.map((r) => String(r.status)).sort();
  expect(statuses).toEqual(["released", "settled"]);
  const ledger = await stack.db.$client.execute({
    sql: "SELECT kind FROM credit_ledger WHERE tenant_id = ? AND kind != 'recharge' ORDER BY seq",
    args: [tenant.id],
  });
  expect(ledger.rows.map((r) => String(r.kind)).sort()).toEqual(["hold", "hold", "release", "settle"]);
  const charged = (await retry.json()) as { waule: { credits: number } };
  const { balance, ledgerSum } = await balanceAndLedgerSum(stack.db, tenant.id);
  expect(balance).toBe(100 - charged.waule.credits);
  expect(ledgerSum).toBe(balance);
  const usage = await stack.db.$client.execute({
    sql: "SELECT COUNT(*) AS n FROM usage_records WHERE tenant_id = ?",
    args: [tenant.id],
  });
  expect(Number(usage.rows[0]!.n)).toBe(1);
  // The repeat after success replays the stored answer, charging nothing more.
  const replay = await post(appB);
  expect(replay.status).toBe(200);
  expect(replay.headers.get("idempotent-replayed")).toBe("true");
  expect((await balanceAndLedgerSum(stack.db, tenant.id)).balance).toBe(balance);
});
