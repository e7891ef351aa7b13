// A video task from submit to webhook: SSE progress, a real stored WebM, the exact charge, signed and retried deliveries.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { tasks, usageRecords, webhookDeliveries } from "@waule/db/server";
import type { Task, WebhookDeliveryList, WebhookPayload, WebhookSettings } from "@waule/shared/tasks";
import { eq } from "drizzle-orm";
import { verifyWebhook, WEBHOOK_SIGNATURE_HEADER } from "../src/webhooks";
import { readSse } from "./support/sse";
import { api, ledgerOfHold, startTaskStack, type TaskStack } from "./support/task-stack";
import { balanceAndLedgerSum } from "./support/temp-db";

const EBML_MAGIC = [0x1a, 0x45, 0xdf, 0xa3];

type Received = { body: string; signature: string | null; answered: number };

/** A tenant's webhook endpoint: answers 500 to the first `failFirst` deliveries, then 200. */
function startReceiver(failFirst: number) {
  const received: Received[] = [];
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const answered = received.length < failFirst ? 500 : 200;
      received.push({ body: await req.text(), signature: req.headers.get(WEBHOOK_SIGNATURE_HEADER), answered });
      return new Response(answered === 200 ? "ok" : "try later", { status: answered });
    },
  });
  return { url: `http://127.0.0.1:${server.port}/hooks/waule`, received, stop: () => server.stop(true) };
}

let stack: TaskStack;
afterEach(async () => {
  await stack.stop();
});

describe("video task lifecycle", () => {
  let receiver: ReturnType<typeof startReceiver>;
  beforeEach(async () => {
    // Steps of 2 s: the gateway answers polls closer together than 2 s from its row without asking the upstream.
    stack = await startTaskStack({ video: { stepMs: 2_000 } });
    receiver = startReceiver(1);
  });
  afterEach(() => receiver.stop());

  test("submit → SSE queued, running, progress, succeeded → stored WebM, exact charge, signed webhook retried once", async () => {
    const { tenant, apiKey } = await stack.createTenant(1_000);
    const settings = (await (
      await api(stack, apiKey, "PUT", "/webhooks", { url: receiver.url })
    ).json()) as WebhookSettings;
    expect(settings.secret?.startsWith("whsec_")).toBe(true);

    const res = await api(stack, apiKey, "POST", "/videos/generations", {
      model: "sandbox-video",
      prompt: "a red square",
      duration: 4,
      resolution: "720p",
    });
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as { id: string; status: string };
    expect(accepted.status).toBe("queued");
    // 4 s × 5 credits/s × 1 (720p) is held at submit.
    expect((await balanceAndLedgerSum(stack.db, tenant.id)).balance).toBe(980);

    const sse = await api(stack, apiKey, "GET", `/tasks/${accepted.id}/events`);
    expect(sse.headers.get("content-type")).toContain("text/event-stream");
    const collected = readSse(sse);
    await stack.step(2_000);
    await stack.step(2_000);
    await stack.step(4_000);
    const events = await collected;
    expect(events.map((e) => e.event)).toEqual(["task.queued", "task.running", "task.progress", "task.succeeded"]);
    expect(events.map((e) => (JSON.parse(e.data) as Task).progress)).toEqual([0, 25, 50, 100]);

    const task = (await (await api(stack, apiKey, "GET", `/tasks/${accepted.id}`)).json()) as Task;
    expect(task).toMatchObject({
      id: accepted.id,
      type: "video",
      model: "sandbox-video",
      status: "succeeded",
      progress: 100,
      credits: 20,
      error: null,
    });
    expect(await (await api(stack, apiKey, "GET", `/videos/generations/${accepted.id}`)).json()).toEqual(task);
    const row = (await stack.db.select().from(tasks).where(eq(tasks.id, accepted.id)))[0]!;
    expect(row.result!.files[0]!.key.startsWith(`tenants/${tenant.id}/`)).toBe(true);
    const video = new Uint8Array(await (await stack.download(task.result!.urls[0]!)).arrayBuffer());
    expect([...video.subarray(0, 4)]).toEqual(EBML_MAGIC);
    expect(video.byteLength).toBe(task.result!.files![0]!.bytes);

    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 980, ledgerSum: 980 });
    expect(await ledgerOfHold(stack.db, row.holdId)).toEqual([
      { kind: "hold", amount: -20 },
      { kind: "settle", amount: 0 },
    ]);
    const usage = await stack.db.select().from(usageRecords).where(eq(usageRecords.tenantId, tenant.id));
    expect(usage.map((u) => [u.operation, u.credits, u.requestId])).toEqual([["video.generation", 20, accepted.id]]);

    await stack.server.webhooks.drain();
    expect(receiver.received.map((r) => r.answered)).toEqual([500, 200]);
    for (const r of receiver.received) {
      expect(
        verifyWebhook(settings.secret!, r.body, r.signature, { nowSeconds: stack.clock.now() / 1000 }),
      ).toMatchObject({ ok: true });
      expect(verifyWebhook("whsec_wrong", r.body, r.signature, { nowSeconds: stack.clock.now() / 1000 })).toEqual({
        ok: false,
        reason: "mismatch",
      });
    }
    expect(receiver.received[0]!.body).toBe(receiver.received[1]!.body);
    const payload = JSON.parse(receiver.received[1]!.body) as WebhookPayload;
    expect(payload).toMatchObject({
      id: `evt_${accepted.id}`,
      type: "task.succeeded",
      data: { id: accepted.id, status: "succeeded", credits: 20 },
    });

    const deliveries = await stack.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.taskId, accepted.id));
    expect(deliveries.map((d) => [d.attempt, d.statusCode, d.succeeded, d.url])).toEqual([
      [1, 500, false, receiver.url],
      [2, 200, true, receiver.url],
    ]);
    expect((await stack.db.select().from(tasks).where(eq(tasks.id, accepted.id)))[0]!.webhookStatus).toBe("delivered");

    // The tenant can read its attempts back; another tenant sees none of them.
    const listed = (await (
      await api(stack, apiKey, "GET", `/webhooks/deliveries?task_id=${accepted.id}&order=asc`)
    ).json()) as WebhookDeliveryList;
    expect(listed.data.map((d) => [d.event_id, d.attempt, d.status_code, d.succeeded])).toEqual([
      [`evt_${accepted.id}`, 1, 500, false],
      [`evt_${accepted.id}`, 2, 200, true],
    ]);
    const stranger = await stack.createTenant(0, "Other");
    expect(
      ((await (await api(stack, stranger.apiKey, "GET", "/webhooks/deliveries")).json()) as WebhookDeliveryList).total,
    ).toBe(0);
  });

  test("a per-request callback_url receives the notice instead of the tenant URL", async () => {
    const { apiKey } = await stack.createTenant(1_000);
    const settings = (await (await api(stack, apiKey, "PUT", "/webhooks", { url: null })).json()) as WebhookSettings;
    const other = startReceiver(0);
    try {
      const res = await api(stack, apiKey, "POST", "/videos/generations", {
        model: "sandbox-video",
        prompt: "p",
        duration: 1,
        callback_url: other.url,
      });
      const { id } = (await res.json()) as { id: string };
      await stack.step(8_000);
      await stack.server.webhooks.drain();
      expect(other.received).toHaveLength(1);
      expect(receiver.received).toHaveLength(0);
      expect(
        verifyWebhook(settings.secret!, other.received[0]!.body, other.received[0]!.signature, {
          nowSeconds: stack.clock.now() / 1000,
        }).ok,
      ).toBe(true);
      expect((JSON.parse(other.received[0]!.body) as WebhookPayload).data.id).toBe(id);
    } finally {
      other.stop();
    }
  });
});

describe("failures are refunded", () => {
  test("an upstream task failure ends failed and releases the whole hold", async () => {
    stack = await startTaskStack({ video: { taskFailureRate: 1 } });
    const { tenant, apiKey } = await stack.createTenant(100);
    const { id } = (await (
      await api(stack, apiKey, "POST", "/videos/generations", {
        model: "sandbox-video",
        prompt: "p",
        duration: 2,
        resolution: "480p",
      })
    ).json()) as { id: string };
    expect((await balanceAndLedgerSum(stack.db, tenant.id)).balance).toBe(90);
    await stack.step(5_000);
    const task = (await (await api(stack, apiKey, "GET", `/tasks/${id}`)).json()) as Task;
    expect(task).toMatchObject({ status: "failed", credits: 0, result: null, error: { code: "upstream_unavailable" } });
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 100, ledgerSum: 100 });
    expect(await stack.db.select().from(usageRecords)).toHaveLength(0);
  });

  test("a submit the gateway refuses answers its error, fails the task and releases the hold", async () => {
    stack = await startTaskStack({ sandboxFailureRate: 1 });
    const { tenant, apiKey } = await stack.createTenant(100);
    await api(stack, apiKey, "PUT", "/webhooks", { url: "https://hooks.example/x" });
    const res = await api(stack, apiKey, "POST", "/videos/generations", {
      model: "sandbox-video",
      prompt: "p",
      duration: 2,
    });
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: { code: string; details: { task_id: string } } };
    expect(body.error.code).toBe("upstream_unavailable");
    const row = (await stack.db.select().from(tasks).where(eq(tasks.id, body.error.details.task_id)))[0]!;
    expect(row.status).toBe("failed");
    // The error answer already told the caller; no webhook repeats it.
    expect(row.webhookStatus).toBeNull();
    expect(await ledgerOfHold(stack.db, row.holdId)).toEqual([
      { kind: "hold", amount: -10 },
      { kind: "release", amount: 10 },
    ]);
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 100, ledgerSum: 100 });
  });

  test("a task still running past its deadline fails as upstream_timeout and is refunded", async () => {
    stack = await startTaskStack({ video: { stepMs: 60 * 60 * 1000 } });
    const { tenant, apiKey } = await stack.createTenant(100);
    const { id } = (await (
      await api(stack, apiKey, "POST", "/videos/generations", { model: "sandbox-video", prompt: "p", duration: 2 })
    ).json()) as { id: string };
    await stack.step(29 * 60 * 1000);
    expect(((await (await api(stack, apiKey, "GET", `/tasks/${id}`)).json()) as Task).status).toBe("queued");
    expect((await balanceAndLedgerSum(stack.db, tenant.id)).balance).toBe(90);
    await stack.step(2 * 60 * 1000);
    const task = (await (await api(stack, apiKey, "GET", `/tasks/${id}`)).json()) as Task;
    expect(task).toMatchObject({ status: "failed", error: { code: "upstream_timeout" } });
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 100, ledgerSum: 100 });
    // Later polls change nothing: the hold was closed once.
    await stack.step(60 * 60 * 1000);
    const rows = await stack.db.$client.execute({
      sql: "SELECT kind FROM credit_ledger WHERE tenant_id = ? ORDER BY seq",
      args: [tenant.id],
    });
    expect(rows.rows.map((r) => r.kind)).toEqual(["recharge", "hold", "release"]);
  });
});
