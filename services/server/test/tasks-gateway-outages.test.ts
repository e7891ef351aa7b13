// A gateway answer lost on the wire, or a server that was down past a deadline: the task still ends as the gateway saw it, billed once.
import { afterEach, expect, test } from "bun:test";
import { upstreamTasks } from "@waule/db/gateway";
import { creditHolds, tasks, usageRecords } from "@waule/db/server";
import { eq } from "drizzle-orm";
import { createTaskRunner } from "../src/tasks";
import { api, ledgerOfHold, startTaskStack, type TaskStack } from "./support/task-stack";
import { balanceAndLedgerSum } from "./support/temp-db";

let stack: TaskStack;
afterEach(async () => {
  await stack.stop();
});

async function taskOf(id: string) {
  return (await stack.db.select().from(tasks).where(eq(tasks.id, id)))[0]!;
}

async function submitVideo(apiKey: string) {
  const res = await api(stack, apiKey, "POST", "/videos/generations", {
    model: "sandbox-video",
    prompt: "lost answer",
    duration: 2,
  });
  expect(res.status).toBe(202);
  const body = (await res.json()) as { id: string; status: string };
  expect(body.status).toBe("queued");
  return body.id;
}

async function expectSettledOnce(tenantId: string, id: string) {
  const row = await taskOf(id);
  expect(row).toMatchObject({ status: "succeeded", chargedCredits: 10 });
  expect(await ledgerOfHold(stack.db, row.holdId)).toEqual([
    { kind: "hold", amount: -10 },
    { kind: "settle", amount: 0 },
  ]);
  expect(await stack.db.select().from(creditHolds).where(eq(creditHolds.tenantId, tenantId))).toHaveLength(1);
  expect(await balanceAndLedgerSum(stack.db, tenantId)).toEqual({ balance: 90, ledgerSum: 90 });
  expect(await stack.db.select().from(usageRecords).where(eq(usageRecords.requestId, id))).toHaveLength(1);
}

test("a submit the gateway accepted but whose answer timed out stays queued, is resubmitted to the same gateway job and billed once", async () => {
  const submits: string[] = [];
  stack = await startTaskStack({
    network: async (request, deliver) => {
      if (!request.url.endsWith("/internal/v1/videos/generations")) return deliver(request);
      submits.push(request.url);
      const answer = await deliver(request);
      if (submits.length > 1) return answer;
      // The gateway wrote its row and started the job; the server gave up waiting for the answer.
      await answer.body?.cancel();
      throw new DOMException("the operation timed out", "TimeoutError");
    },
  });
  const { tenant, apiKey } = await stack.createTenant(100);
  const id = await submitVideo(apiKey);
  expect(await taskOf(id)).toMatchObject({ status: "queued", gatewayTaskId: null, error: null });
  expect((await stack.db.select().from(creditHolds).where(eq(creditHolds.tenantId, tenant.id)))[0]!.status).toBe(
    "held",
  );
  const gatewayRows = await stack.gateway!.deps.db.select().from(upstreamTasks);
  expect(gatewayRows.map((r) => r.serverTaskId)).toEqual([id]);

  await stack.step(1_000); // too soon: the runner leaves a submit that may still be in flight alone
  expect(submits).toHaveLength(1);
  await stack.step(60_000);
  expect(submits).toHaveLength(2);
  expect((await taskOf(id)).gatewayTaskId).toBe(gatewayRows[0]!.id);
  for (let i = 0; i < 3 && (await taskOf(id)).status !== "succeeded"; i++) await stack.step(5_000);

  await expectSettledOnce(tenant.id, id);
  expect(await stack.gateway!.deps.db.select().from(upstreamTasks)).toHaveLength(1);
});

test("a task the gateway finished before its deadline succeeds even when the server only looks after the deadline", async () => {
  stack = await startTaskStack();
  const { tenant, apiKey } = await stack.createTenant(100);
  const id = await submitVideo(apiKey);
  stack.clock.advance(5_000);
  await stack.gateway!.deps.tasks!.tick();
  expect((await stack.gateway!.deps.db.select().from(upstreamTasks))[0]!.status).toBe("succeeded");

  // The server was down for longer than the task's 30-minute deadline.
  await stack.restartServer();
  await stack.step(31 * 60 * 1000);
  await expectSettledOnce(tenant.id, id);
});

test("past the deadline a task the gateway cannot be asked about fails and is refunded", async () => {
  stack = await startTaskStack({ video: { stepMs: 60 * 60 * 1000 } });
  const { tenant, apiKey } = await stack.createTenant(100);
  const id = await submitVideo(apiKey);
  await stack.stopGateway();
  await stack.step(31 * 60 * 1000);
  const row = await taskOf(id);
  expect(row).toMatchObject({ status: "failed", chargedCredits: 0, error: { code: "upstream_timeout" } });
  expect(await ledgerOfHold(stack.db, row.holdId)).toEqual([
    { kind: "hold", amount: -10 },
    { kind: "release", amount: 10 },
  ]);
  expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 100, ledgerSum: 100 });
});

test("with more open tasks than a pass takes, successive passes poll every one of them", async () => {
  const polled = new Set<string>();
  stack = await startTaskStack({
    video: { stepMs: 60 * 60 * 1000 },
    network: async (request, deliver) => {
      const poll = /\/internal\/v1\/tasks\/([^/]+)\/poll$/.exec(new URL(request.url).pathname);
      if (poll) polled.add(decodeURIComponent(poll[1]!));
      return deliver(request);
    },
  });
  const { apiKey } = await stack.createTenant(100);
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    ids.push(await submitVideo(apiKey));
    stack.clock.advance(1_000);
  }
  const gatewayIds = await Promise.all(ids.map(async (id) => (await taskOf(id)).gatewayTaskId!));
  const runner = createTaskRunner(stack.server.deps, { batchSize: 2 });
  for (let i = 0; i < 3; i++) {
    stack.clock.advance(1_000);
    await runner.tick();
  }
  expect([...polled].sort()).toEqual([...gatewayIds].sort());
});
