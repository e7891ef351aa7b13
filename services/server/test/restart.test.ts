// Kill either service mid-task and start a new one on the same database: the task still ends, charged exactly once.
import { afterEach, describe, expect, test } from "bun:test";
import { upstreamTasks } from "@waule/db/gateway";
import { creditHolds, tasks, usageRecords } from "@waule/db/server";
import type { Task } from "@waule/shared/tasks";
import { eq } from "drizzle-orm";
import { createTaskRunner } from "../src/tasks";
import { api, ledgerOfHold, startTaskStack, type TaskStack } from "./support/task-stack";
import { balanceAndLedgerSum } from "./support/temp-db";

let stack: TaskStack;
afterEach(async () => {
  await stack.stop();
});

async function submitVideo(apiKey: string) {
  const res = await api(stack, apiKey, "POST", "/videos/generations", {
    model: "sandbox-video",
    prompt: "restart me",
    duration: 2,
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

async function taskOf(id: string) {
  return (await stack.db.select().from(tasks).where(eq(tasks.id, id)))[0]!;
}

async function expectChargedOnce(tenantId: string, id: string, start: number) {
  const row = await taskOf(id);
  expect(row.status).toBe("succeeded");
  expect(await ledgerOfHold(stack.db, row.holdId)).toEqual([
    { kind: "hold", amount: -10 },
    { kind: "settle", amount: 0 },
  ]);
  expect(await balanceAndLedgerSum(stack.db, tenantId)).toEqual({ balance: start - 10, ledgerSum: start - 10 });
  expect(await stack.db.select().from(usageRecords).where(eq(usageRecords.requestId, id))).toHaveLength(1);
}

describe("gateway restart", () => {
  test("a task running when the gateway stops ends once a new gateway process opens the same database", async () => {
    stack = await startTaskStack({ video: { stepMs: 2_000 } });
    const { tenant, apiKey } = await stack.createTenant(100);
    const id = await submitVideo(apiKey);
    await stack.step(2_000);
    expect(await taskOf(id)).toMatchObject({ status: "running", progress: 25 });

    await stack.stopGateway();
    await stack.step(4_000); // the poll fails: the task keeps its hold and waits
    expect(await taskOf(id)).toMatchObject({ status: "running", progress: 25 });
    expect((await stack.db.select().from(creditHolds))[0]!.status).toBe("held");

    await stack.startGateway();
    await stack.step(4_000);
    const task = (await (await api(stack, apiKey, "GET", `/tasks/${id}`)).json()) as Task;
    expect(task.status).toBe("succeeded");
    const video = new Uint8Array(await (await stack.download(task.result!.urls[0]!)).arrayBuffer());
    expect(video.byteLength).toBeGreaterThan(100);
    await expectChargedOnce(tenant.id, id, 100);
  });

  test("the new gateway's own poller finishes the task even while the server is not asking", async () => {
    stack = await startTaskStack();
    const { tenant, apiKey } = await stack.createTenant(100);
    const id = await submitVideo(apiKey);
    await stack.stopGateway();
    stack.clock.advance(10_000);
    await stack.startGateway();
    await stack.gateway!.deps.tasks!.tick();
    const [row] = await stack.gateway!.deps.db.select().from(upstreamTasks);
    expect(row!.status).toBe("succeeded");
    await stack.step(0);
    await expectChargedOnce(tenant.id, id, 100);
  });
});

test("a gateway killed while the provider takes the submit fails the task and refunds it within a minute", async () => {
  let reached!: () => void;
  const atProvider = new Promise<void>((resolve) => (reached = resolve));
  let submits = 0;
  // The first submit never gets the provider's answer: the gateway process dies while waiting for it.
  stack = await startTaskStack({
    beforeVideoSubmit: async () => {
      if (++submits > 1) return;
      reached();
      await new Promise<void>(() => {});
    },
  });
  const { tenant, apiKey } = await stack.createTenant(100);
  const started = stack.clock.now();
  const answer = submitVideo(apiKey);
  await atProvider;
  await stack.stopGateway();
  const id = await answer; // no answer from the gateway is no refusal: 202, queued, credits held
  expect(await taskOf(id)).toMatchObject({ status: "queued", gatewayTaskId: null });
  expect((await stack.db.select().from(creditHolds))[0]!.status).toBe("held");

  await stack.startGateway();
  while (stack.clock.now() - started < 60_000 && (await taskOf(id)).status === "queued") await stack.step(5_000);
  expect(stack.clock.now() - started).toBeLessThanOrEqual(60_000);
  const row = await taskOf(id);
  expect(row).toMatchObject({ status: "failed", error: { code: "upstream_unavailable" } });
  expect(await ledgerOfHold(stack.db, row.holdId)).toEqual([
    { kind: "hold", amount: -10 },
    { kind: "release", amount: 10 },
  ]);
  expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 100, ledgerSum: 100 });
  // One gateway row, never sent to the provider a second time.
  const gatewayRows = await stack.gateway!.deps.db.select().from(upstreamTasks);
  expect(gatewayRows.map((r) => [r.serverTaskId, r.status, r.upstreamTaskId])).toEqual([[id, "failed", null]]);
  expect(submits).toBe(1);
});

describe("server restart", () => {
  test("a task running when the server stops is finished by the next server process, charged once", async () => {
    stack = await startTaskStack({ video: { stepMs: 2_000 } });
    const { tenant, apiKey } = await stack.createTenant(100);
    const id = await submitVideo(apiKey);
    await stack.step(2_000);
    expect((await taskOf(id)).status).toBe("running");

    await stack.restartServer();
    await stack.step(8_000);
    await expectChargedOnce(tenant.id, id, 100);
    // More passes, from the new process, change nothing.
    await stack.step(10_000);
    await expectChargedOnce(tenant.id, id, 100);
  });

  test("two server instances polling the same finished task settle it once", async () => {
    stack = await startTaskStack();
    const { tenant, apiKey } = await stack.createTenant(100);
    const id = await submitVideo(apiKey);
    stack.clock.advance(5_000);
    const other = createTaskRunner(stack.server.deps);
    await Promise.all([stack.server.runner.tick(), other.tick()]);
    await expectChargedOnce(tenant.id, id, 100);
  });

  test("a server that stopped between ending a task and settling it is repaired by the next one, once", async () => {
    stack = await startTaskStack();
    const { tenant, apiKey } = await stack.createTenant(100);
    const id = await submitVideo(apiKey);
    stack.clock.advance(5_000);
    // What a crash right after the winning transition leaves: the task ended, its hold still open.
    await stack.db
      .update(tasks)
      .set({ status: "succeeded", chargedCredits: 10, result: { urls: [], files: [] } })
      .where(eq(tasks.id, id));
    await stack.restartServer();
    await stack.step(0);
    await stack.step(0);
    await expectChargedOnce(tenant.id, id, 100);
  });

  test("a server that stopped before the gateway answered the submit resubmits it without starting a second job", async () => {
    stack = await startTaskStack();
    const { tenant, apiKey } = await stack.createTenant(100);
    const id = await submitVideo(apiKey);
    const firstGatewayTask = (await taskOf(id)).gatewayTaskId;
    // As if the answer to the submit never arrived: the gateway has the job, the server has no id for it.
    await stack.db.update(tasks).set({ gatewayTaskId: null }).where(eq(tasks.id, id));
    await stack.restartServer();
    await stack.step(1_000); // too soon: the submit could still be in flight
    expect((await taskOf(id)).gatewayTaskId).toBeNull();
    await stack.step(60_000);
    expect((await taskOf(id)).gatewayTaskId).toBe(firstGatewayTask);
    await stack.step(5_000);
    await expectChargedOnce(tenant.id, id, 100);
  });
});
