import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { tasks, webhookDeliveries } from "@waule/db/server";
import { randomIds } from "@waule/shared/clock";
import { asc, eq } from "drizzle-orm";
import { openTempDb, type TempDb } from "../../test/support/temp-db";
import { createTenant } from "../tenants/tenants";
import { createWebhookDispatcher } from "./dispatcher";
import { updateWebhookSettings } from "./settings";
import { verifyWebhook, WEBHOOK_SIGNATURE_HEADER } from "./signature";

const KEY = "55".repeat(32);
const T0 = Date.UTC(2026, 10, 26, 9, 0, 0);
const policy = { maxAttempts: 3, baseDelayMs: 1, factor: 1, maxDelayMs: 1, timeoutMs: 1_000 };
let temp: TempDb;
let secret: string;
let tenantId: string;

beforeEach(async () => {
  temp = await openTempDb();
  const { tenant } = await createTenant({ db: temp.db, clock: { now: () => T0 }, ids: randomIds }, { name: "A" });
  tenantId = tenant.id;
  secret = (
    await updateWebhookSettings({ db: temp.db, now: T0, encryptionKey: KEY }, tenant, {
      url: "https://hooks.example/a",
      rotate_secret: false,
    })
  ).secret!;
  await temp.db.insert(tasks).values({
    id: "task_1",
    tenantId,
    type: "video",
    model: "sandbox-video",
    status: "succeeded",
    progress: 100,
    request: {},
    holdId: "hold_1",
    heldCredits: 10,
    chargedCredits: 10,
    result: { urls: ["u"], files: [] },
    deadlineAt: new Date(T0 + 3_600_000),
    webhookStatus: "pending",
    createdAt: new Date(T0),
    updatedAt: new Date(T0),
    finishedAt: new Date(T0),
  });
});
afterEach(async () => {
  await temp.close();
});

/** A receiver as an injected fetch: answers `statuses` in turn (the last one repeats). */
function receiver(statuses: number[]) {
  const calls: { url: string; body: string; signature: string | null }[] = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    calls.push({ url, body: String(init.body), signature: new Headers(init.headers).get(WEBHOOK_SIGNATURE_HEADER) });
    return new Response(null, { status: statuses[Math.min(calls.length - 1, statuses.length - 1)] });
  }) as unknown as typeof fetch;
  return { calls, fetchFn };
}

const dispatcher = (fetchFn: typeof fetch) =>
  createWebhookDispatcher({
    db: temp.db,
    clock: { now: () => T0 + 1_000 },
    encryptionKey: KEY,
    fetch: fetchFn,
    policy,
  });
const deliveries = () => temp.db.select().from(webhookDeliveries).orderBy(asc(webhookDeliveries.attempt));
const webhookStatus = async () => (await temp.db.select().from(tasks).where(eq(tasks.id, "task_1")))[0]!.webhookStatus;

describe("webhook dispatcher", () => {
  test("a delivery stopped by a restart resumes at the next attempt with the same event id", async () => {
    await temp.db.insert(webhookDeliveries).values({
      deliveryId: "evt_task_1",
      tenantId,
      taskId: "task_1",
      url: "https://hooks.example/a",
      attempt: 1,
      statusCode: 503,
      error: "x",
      succeeded: false,
      durationMs: 3,
      startedAt: new Date(T0),
      nextAttemptAt: new Date(T0 + 500),
    });
    const r = receiver([200]);
    const d = dispatcher(r.fetchFn);
    await d.tick();
    await d.drain();
    expect(r.calls).toHaveLength(1);
    expect(JSON.parse(r.calls[0]!.body).id).toBe("evt_task_1");
    expect(verifyWebhook(secret, r.calls[0]!.body, r.calls[0]!.signature, { nowSeconds: (T0 + 1_000) / 1000 }).ok).toBe(
      true,
    );
    expect((await deliveries()).map((d) => [d.attempt, d.succeeded])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(await webhookStatus()).toBe("delivered");
  });

  test("two instances ticking together deliver once: the lease goes to one", async () => {
    const r = receiver([200]);
    const a = dispatcher(r.fetchFn);
    const b = dispatcher(r.fetchFn);
    await Promise.all([a.tick(), b.tick()]);
    await Promise.all([a.drain(), b.drain()]);
    expect(r.calls).toHaveLength(1);
    expect(await deliveries()).toHaveLength(1);
  });

  test("gives up after the last attempt, every attempt recorded", async () => {
    const r = receiver([500]);
    const d = dispatcher(r.fetchFn);
    await d.tick();
    await d.drain();
    expect((await deliveries()).map((x) => [x.attempt, x.statusCode, x.succeeded, x.nextAttemptAt === null])).toEqual([
      [1, 500, false, false],
      [2, 500, false, false],
      [3, 500, false, true],
    ]);
    expect(await webhookStatus()).toBe("failed");
    await d.tick();
    await d.drain();
    expect(r.calls).toHaveLength(3);
  });
});
