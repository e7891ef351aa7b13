// Midjourney as tasks through server and gateway: imagine → grid stored under the tenant → an upscale pinned to the
// same Discord account; proxy failures refunded; account concurrency; restarts ending the task exactly once.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { upstreamTasks } from "@waule/db/gateway";
import { tasks, usageRecords } from "@waule/db/server";
import { randomIds } from "@waule/shared/clock";
import type { Task } from "@waule/shared/tasks";
import { eq } from "drizzle-orm";
import { createDiscordAccounts } from "../../gateway/src/discord-accounts/repository";
import { createKeyRepository } from "../../gateway/src/keys/repository";
import { attachmentBytes, type FakeMidjourney, startFakeMidjourney } from "../../gateway/test/fakes/midjourney";
import { readSse } from "./support/sse";
import { api, ledgerOfHold, startTaskStack, type TaskStack } from "./support/task-stack";
import { balanceAndLedgerSum } from "./support/temp-db";

const ACCOUNT_A = "1100000000000000011";
const ACCOUNT_B = "1100000000000000022";
const ENCRYPTION_KEY = "44".repeat(32);
const ids = randomIds;

let stack: TaskStack;
let fake: FakeMidjourney;
beforeEach(async () => {
  stack = await startTaskStack();
  fake = startFakeMidjourney();
});
afterEach(async () => {
  await stack.stop();
  fake.stop();
});

/** The operator's set-up, through the gateway's own repositories: a proxy key (secret + baseUrl) and Discord accounts. */
async function configureMidjourney(accounts: { channelId: string; coreSize: number }[]) {
  const gw = stack.gateway!.deps;
  await createKeyRepository({ db: gw.db, clock: stack.clock, ids, encryptionKey: ENCRYPTION_KEY }).create({
    provider: "midjourney",
    name: "proxy",
    secret: "mj-secret",
    baseUrl: fake.url,
  });
  const repo = createDiscordAccounts({ db: gw.db, clock: stack.clock, ids, encryptionKey: ENCRYPTION_KEY });
  const created = [];
  for (const [i, a] of accounts.entries()) {
    created.push(
      await repo.create({
        guildId: "900000000000000001",
        channelId: a.channelId,
        userToken: `discord-user-token-${i}`,
        coreSize: a.coreSize,
        queueSize: 5,
        enabled: true,
      }),
    );
    stack.clock.advance(1); // creation order decides ties
  }
  return { repo, created };
}

async function taskRow(id: string) {
  return (await stack.db.select().from(tasks).where(eq(tasks.id, id)))[0]!;
}

async function getTask(apiKey: string, id: string): Promise<Task> {
  return (await (await api(stack, apiKey, "GET", `/tasks/${id}`)).json()) as Task;
}

async function imagine(apiKey: string, prompt = "a red fox in snow") {
  const res = await api(stack, apiKey, "POST", "/midjourney/imagine", { prompt });
  const body = (await res.json()) as { id: string; type: string; status: string };
  return { status: res.status, body };
}

/** Runs the runner until the task ends (each step polls the fake once: its script is SUBMITTED, IN_PROGRESS, SUCCESS). */
async function runToEnd(apiKey: string, id: string, seen: number[] = []): Promise<Task> {
  for (let i = 0; i < 6; i++) {
    await stack.step(3_000);
    const task = await getTask(apiKey, id);
    seen.push(task.progress);
    if (task.status !== "queued" && task.status !== "running") return task;
  }
  throw new Error(`task ${id} never ended`);
}

const proxyCalls = (path: string) => fake.requests.filter((r) => r.path === path);

describe("midjourney tasks", () => {
  test("GET /capabilities offers Midjourney only once the gateway has an enabled Discord account", async () => {
    const { apiKey } = await stack.createTenant(1_000);
    const offered = async () =>
      (
        (await (await api(stack, apiKey, "GET", "/capabilities")).json()) as {
          data: { capability: string; available: boolean; reason?: string }[];
        }
      ).data;
    const before = await offered();
    expect(before.find((c) => c.capability === "midjourney")).toEqual({
      capability: "midjourney",
      available: false,
      reason: "not_configured",
    });
    expect(before.find((c) => c.capability === "image")?.available).toBe(true);
    const { repo, created } = await configureMidjourney([{ channelId: ACCOUNT_A, coreSize: 3 }]);
    expect((await offered()).find((c) => c.capability === "midjourney")).toEqual({
      capability: "midjourney",
      available: true,
    });
    await repo.setEnabled(created[0]!.id, false);
    expect((await offered()).find((c) => c.capability === "midjourney")?.available).toBe(false);
  });

  test("imagine → progress → succeeded: the grid is stored under the tenant with its buttons, and the ledger is exact", async () => {
    await configureMidjourney([{ channelId: ACCOUNT_A, coreSize: 3 }]);
    const { tenant, apiKey } = await stack.createTenant(1_000);
    const submitted = await imagine(apiKey);
    expect(submitted.status).toBe(202);
    expect(submitted.body).toMatchObject({ type: "midjourney", status: "queued" });
    expect((await balanceAndLedgerSum(stack.db, tenant.id)).balance).toBe(960);

    const imagineCall = proxyCalls("/mj/submit/imagine")[0]!;
    expect(imagineCall.headers["mj-api-secret"]).toBe("mj-secret");
    expect(imagineCall.body).toEqual({
      prompt: "a red fox in snow",
      base64Array: [],
      accountFilter: { instanceId: ACCOUNT_A },
      state: submitted.body.id,
    });

    const collected = readSse(await api(stack, apiKey, "GET", `/tasks/${submitted.body.id}/events`));
    const progress: number[] = [];
    const task = await runToEnd(apiKey, submitted.body.id, progress);
    expect(progress).toEqual([0, 50, 100]);
    const events = await collected;
    expect(events.map((e) => e.event)).toEqual(["task.queued", "task.running", "task.succeeded"]);
    expect((JSON.parse(events.at(-1)!.data) as Task).result!.buttons).toHaveLength(9);
    expect(task).toMatchObject({
      type: "midjourney",
      model: "midjourney",
      status: "succeeded",
      credits: 40,
      error: null,
    });
    expect(task.result!.buttons!.map((b) => b.label)).toEqual(["U1", "U2", "U3", "U4", "V1", "V2", "V3", "V4", "🔄"]);

    const [gatewayRow] = await stack.gateway!.deps.db.select().from(upstreamTasks);
    // Polled by the proxy's task id, the one it answered at submit; never found by prompt.
    expect(proxyCalls(`/mj/task/${gatewayRow!.upstreamTaskId}/fetch`)).toHaveLength(3);
    const row = await taskRow(submitted.body.id);
    expect(row.result!.files[0]!.key.startsWith(`tenants/${tenant.id}/`)).toBe(true);
    const stored = new Uint8Array(await (await stack.download(task.result!.urls[0]!)).arrayBuffer());
    expect(stored).toEqual(attachmentBytes(gatewayRow!.upstreamTaskId!));

    expect(await ledgerOfHold(stack.db, row.holdId)).toEqual([
      { kind: "hold", amount: -40 },
      { kind: "settle", amount: 0 },
    ]);
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 960, ledgerSum: 960 });
    const usage = await stack.db.select().from(usageRecords).where(eq(usageRecords.tenantId, tenant.id));
    expect(usage.map((u) => [u.operation, u.credits, u.requestId])).toEqual([
      ["midjourney.generation", 40, submitted.body.id],
    ]);
  });

  test("an upscale goes to the parent's Discord account at the upscale price; a button the task lacks is refused and costs nothing", async () => {
    const { repo, created } = await configureMidjourney([
      { channelId: ACCOUNT_A, coreSize: 3 },
      { channelId: ACCOUNT_B, coreSize: 1 },
    ]);
    const { tenant, apiKey } = await stack.createTenant(1_000);
    const parent = await imagine(apiKey);
    expect(
      (proxyCalls("/mj/submit/imagine")[0]!.body as { accountFilter: { instanceId: string } }).accountFilter.instanceId,
    ).toBe(ACCOUNT_A);
    // Now B has the most free slots: a new job would go there, but the upscale must follow its parent to A.
    await repo.setConcurrency(created[1]!.id, { coreSize: 10, queueSize: 5 });
    const parentAccount = ACCOUNT_A;
    const done = await runToEnd(apiKey, parent.body.id);
    const u2 = done.result!.buttons!.find((b) => b.label === "U2")!;

    const refused = await api(stack, apiKey, "POST", "/midjourney/action", {
      task_id: parent.body.id,
      custom_id: "MJ::JOB::upsample::9::nope",
    });
    expect(refused.status).toBe(400);
    expect((await balanceAndLedgerSum(stack.db, tenant.id)).balance).toBe(960);

    const res = await api(stack, apiKey, "POST", "/midjourney/action", {
      task_id: parent.body.id,
      custom_id: u2.custom_id,
    });
    expect(res.status).toBe(202);
    const action = (await res.json()) as { id: string };
    const parentUpstream = (
      await stack.gateway!.deps.db.select().from(upstreamTasks).where(eq(upstreamTasks.serverTaskId, parent.body.id))
    )[0]!;
    const call = proxyCalls("/mj/submit/action")[0]!;
    expect(call.body).toEqual({
      taskId: parentUpstream.upstreamTaskId,
      customId: u2.custom_id,
      accountFilter: { instanceId: parentAccount },
      state: action.id,
    });
    expect((await balanceAndLedgerSum(stack.db, tenant.id)).balance).toBe(940);

    const upscaled = await runToEnd(apiKey, action.id);
    expect(upscaled).toMatchObject({ type: "midjourney", status: "succeeded", credits: 20 });
    const actionUpstream = (
      await stack.gateway!.deps.db.select().from(upstreamTasks).where(eq(upstreamTasks.serverTaskId, action.id))
    )[0]!;
    expect(actionUpstream.accountId).toBe(parentAccount);
    const stored = new Uint8Array(await (await stack.download(upscaled.result!.urls[0]!)).arrayBuffer());
    expect(stored).toEqual(attachmentBytes(actionUpstream.upstreamTaskId!));
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 940, ledgerSum: 940 });
  });

  test("another tenant cannot press a task's buttons", async () => {
    await configureMidjourney([{ channelId: ACCOUNT_A, coreSize: 3 }]);
    const owner = await stack.createTenant(1_000, "Owner");
    const other = await stack.createTenant(1_000, "Other");
    const parent = await imagine(owner.apiKey);
    const done = await runToEnd(owner.apiKey, parent.body.id);
    const res = await api(stack, other.apiKey, "POST", "/midjourney/action", {
      task_id: parent.body.id,
      custom_id: done.result!.buttons![0]!.custom_id,
    });
    expect(res.status).toBe(404);
    expect(proxyCalls("/mj/submit/action")).toHaveLength(0);
    expect((await balanceAndLedgerSum(stack.db, other.tenant.id)).balance).toBe(1_000);
  });

  test("a job the proxy fails ends failed and refunded; a refused submit answers its error and holds nothing", async () => {
    await configureMidjourney([{ channelId: ACCOUNT_A, coreSize: 3 }]);
    const { tenant, apiKey } = await stack.createTenant(1_000);
    fake.scriptNextTask({
      steps: [
        { status: "IN_PROGRESS", progress: "10%" },
        { status: "FAILURE", progress: "10%" },
      ],
      failReason: "Discord account token invalid",
    });
    const submitted = await imagine(apiKey);
    const task = await runToEnd(apiKey, submitted.body.id);
    expect(task).toMatchObject({
      status: "failed",
      credits: 0,
      error: { code: "upstream_unavailable", message: "midjourney: Discord account token invalid" },
    });
    const row = await taskRow(submitted.body.id);
    expect(await ledgerOfHold(stack.db, row.holdId)).toEqual([
      { kind: "hold", amount: -40 },
      { kind: "release", amount: 40 },
    ]);

    fake.answerNext(200, { code: 9, description: "提交失败", result: null, properties: {} });
    const refused = await api(stack, apiKey, "POST", "/midjourney/imagine", { prompt: "x" });
    expect(refused.status).toBe(502);
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 1_000, ledgerSum: 1_000 });
    expect(await stack.db.select().from(usageRecords).where(eq(usageRecords.tenantId, tenant.id))).toHaveLength(0);
  });

  test("with coreSize 1 the second job goes to the other account, a third is refused while both are busy, and a freed slot is used again", async () => {
    await configureMidjourney([
      { channelId: ACCOUNT_A, coreSize: 1 },
      { channelId: ACCOUNT_B, coreSize: 1 },
    ]);
    const { tenant, apiKey } = await stack.createTenant(1_000);
    const first = await imagine(apiKey, "one");
    const second = await imagine(apiKey, "two");
    expect([first.status, second.status]).toEqual([202, 202]);
    const pinned = proxyCalls("/mj/submit/imagine").map(
      (r) => (r.body as { accountFilter: { instanceId: string } }).accountFilter.instanceId,
    );
    expect(pinned).toEqual([ACCOUNT_A, ACCOUNT_B]);

    const third = await api(stack, apiKey, "POST", "/midjourney/imagine", { prompt: "three" });
    expect(third.status).toBe(503);
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe("upstream_quota");
    expect(proxyCalls("/mj/submit/imagine")).toHaveLength(2);
    expect((await balanceAndLedgerSum(stack.db, tenant.id)).balance).toBe(920);

    await runToEnd(apiKey, first.body.id);
    const fourth = await imagine(apiKey, "four");
    expect(fourth.status).toBe(202);
    expect(
      (proxyCalls("/mj/submit/imagine")[2]!.body as { accountFilter: { instanceId: string } }).accountFilter.instanceId,
    ).toBe(ACCOUNT_A);
  });

  test("a gateway restart and a server restart mid-task still end it exactly once", async () => {
    await configureMidjourney([{ channelId: ACCOUNT_A, coreSize: 3 }]);
    const { tenant, apiKey } = await stack.createTenant(1_000);
    const submitted = await imagine(apiKey);
    await stack.step(3_000);
    expect(await taskRow(submitted.body.id)).toMatchObject({ status: "queued", progress: 0 });

    await stack.stopGateway();
    await stack.step(3_000); // the poll fails; the task keeps its hold
    expect((await taskRow(submitted.body.id)).status).toBe("queued");
    await stack.startGateway();
    await stack.step(3_000);
    expect(await taskRow(submitted.body.id)).toMatchObject({ status: "running", progress: 50 });

    await stack.restartServer();
    // The new gateway's own poller gets there first; then the restarted server learns of it.
    stack.clock.advance(3_000);
    await stack.gateway!.deps.tasks!.tick();
    await stack.step(3_000);
    await stack.step(3_000);
    const row = await taskRow(submitted.body.id);
    expect(row.status).toBe("succeeded");
    expect(await ledgerOfHold(stack.db, row.holdId)).toEqual([
      { kind: "hold", amount: -40 },
      { kind: "settle", amount: 0 },
    ]);
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 960, ledgerSum: 960 });
    expect(
      await stack.db.select().from(usageRecords).where(eq(usageRecords.requestId, submitted.body.id)),
    ).toHaveLength(1);
    const [upstream] = await stack.gateway!.deps.db.select().from(upstreamTasks);
    expect(fake.downloads.get(upstream!.upstreamTaskId!)).toBe(1);
  });

  test("a server that stopped before recording the gateway's answer resubmits, and the gateway finds the same job instead of starting another", async () => {
    await configureMidjourney([{ channelId: ACCOUNT_A, coreSize: 3 }]);
    const { tenant, apiKey } = await stack.createTenant(1_000);
    const submitted = await imagine(apiKey);
    // As if the server died between the gateway's 202 and writing its id down.
    await stack.db.update(tasks).set({ gatewayTaskId: null }).where(eq(tasks.id, submitted.body.id));
    await stack.restartServer();
    await stack.step(40_000); // past resubmitAfterMs: the runner submits again, by the same task id
    expect((await taskRow(submitted.body.id)).gatewayTaskId).not.toBeNull();
    const task = await runToEnd(apiKey, submitted.body.id);
    expect(task).toMatchObject({ status: "succeeded", credits: 40 });
    expect(proxyCalls("/mj/submit/imagine")).toHaveLength(1);
    expect(await stack.gateway!.deps.db.select().from(upstreamTasks)).toHaveLength(1);
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 960, ledgerSum: 960 });
  });
});
