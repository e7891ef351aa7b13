// Tenant A, holding its own key and user session, tries every tenant-scoped route with tenant B's ids: nothing of B's is seen or changed.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { tenants, usageRecords, webhookDeliveries } from "@waule/db/server";
import { randomIds } from "@waule/shared/clock";
import { eq } from "drizzle-orm";
import { createApiKey } from "../src/api-keys/api-keys";
import { useCustomStorage } from "../src/tenant-storage";
import { addTenantUser } from "../src/users/users";
import { api, startTaskStack, type TaskStack } from "./support/task-stack";
import { balanceAndLedgerSum } from "./support/temp-db";

let stack: TaskStack;
let receiver: ReturnType<typeof Bun.serve>;
let received = 0;
beforeEach(async () => {
  stack = await startTaskStack();
  received = 0;
  receiver = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: () => {
      received++;
      return new Response("ok");
    },
  });
});
afterEach(async () => {
  await stack.stop();
  receiver.stop(true);
});

const PASSWORD = "correct horse battery";

/** The first of B's strings found in an answer; an id the caller itself sent (echoed in "task X not found") is not a leak. */
function leakIn(text: string, secrets: string[], sent: string): string | null {
  return secrets.find((secret) => !sent.includes(secret) && text.includes(secret)) ?? null;
}

async function loginToken(apiKey: string, username: string) {
  const res = await stack.app.request("/api/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ apiKey, username, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

/** B with a bit of everything: a finished video task, usage rows, a webhook and its deliveries, its own bucket, a second key, a user. */
async function tenantBWithResources() {
  const ctx = { db: stack.db, clock: stack.clock, ids: randomIds };
  const b = await stack.createTenant(1_000, "Beta");
  const bUser = await addTenantUser(ctx, { tenantId: b.tenant.id, username: "bob", password: PASSWORD, admin: true });
  const bSecondKey = await createApiKey(ctx, b.tenant.id, "ci");
  const hookUrl = `http://127.0.0.1:${receiver.port}/beta-hooks/secret-path`;
  expect((await api(stack, b.apiKey, "PUT", "/webhooks", { url: hookUrl })).status).toBe(200);
  const image = await api(stack, b.apiKey, "POST", "/images/generations", {
    model: "sandbox-image",
    prompt: "beta's private prompt",
  });
  expect(image.status).toBe(200);
  const video = await api(stack, b.apiKey, "POST", "/videos/generations", {
    model: "sandbox-video",
    prompt: "beta's video",
    duration: 4,
    resolution: "720p",
  });
  expect(video.status).toBe(202);
  const taskId = ((await video.json()) as { id: string }).id;
  for (let i = 0; i < 5; i++) await stack.step(1_000);
  await stack.server.webhooks.drain();
  expect(received).toBeGreaterThan(0);
  const bucket = {
    endpoint: "https://s3.beta-private.example.com",
    bucket: "beta-bucket-4711",
    region: "eu-west-1",
    accessKeyId: "AKIABETA0000SECRETID",
    secretAccessKey: "beta-s3-secret-value-0123456789",
    forcePathStyle: true,
  };
  await useCustomStorage({ ...ctx, config: stack.server.deps.config, verify: async () => {} }, b.tenant.id, bucket);
  const deliveries = await stack.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.tenantId, b.tenant.id));
  const usage = await stack.db.select().from(usageRecords).where(eq(usageRecords.tenantId, b.tenant.id));
  expect(deliveries.length).toBeGreaterThan(0);
  expect(usage.length).toBeGreaterThanOrEqual(2);
  // Every string that would betray B if it showed up in A's answers.
  const secrets = [
    b.tenant.id,
    "Beta",
    bUser.id,
    "bob",
    b.apiKey,
    b.apiKey.slice(0, 12),
    b.apiKeyId,
    bSecondKey.record.id,
    bSecondKey.key,
    taskId,
    "beta-hooks",
    "beta's private prompt",
    "beta's video",
    bucket.bucket,
    "beta-private",
    bucket.accessKeyId,
    bucket.secretAccessKey,
    ...deliveries.map((d) => d.deliveryId),
    ...usage.map((u) => u.id),
    ...usage.map((u) => u.requestId).filter((r): r is string => !!r),
  ];
  return { b, taskId, secrets, hookUrl };
}

describe("cross-tenant access", () => {
  test("every tenant-scoped route, called by A with B's ids, answers 404/403/A's own data and never shows or changes B's", async () => {
    const { b, taskId, secrets, hookUrl } = await tenantBWithResources();
    const a = await stack.createTenant(500, "Alpha");
    await addTenantUser(
      { db: stack.db, clock: stack.clock, ids: randomIds },
      { tenantId: a.tenant.id, username: "alice", password: PASSWORD, admin: true },
    );
    const aToken = await loginToken(a.apiKey, "alice");
    const bBefore = await stack.db.select().from(tenants).where(eq(tenants.id, b.tenant.id));
    const bMoney = await balanceAndLedgerSum(stack.db, b.tenant.id);

    const reads: { path: string; expect: number[] }[] = [
      { path: `/tasks/${taskId}`, expect: [404] },
      { path: `/tasks/${taskId}/events`, expect: [404] },
      { path: `/videos/generations/${taskId}`, expect: [404] },
      { path: `/tasks`, expect: [200] },
      { path: `/tasks?status=succeeded`, expect: [200] },
      { path: `/usage`, expect: [200] },
      { path: `/usage?tenantId=${b.tenant.id}`, expect: [200, 400] },
      { path: `/webhooks`, expect: [200] },
      { path: `/webhooks/deliveries`, expect: [200] },
      { path: `/webhooks/deliveries?task_id=${taskId}`, expect: [200, 400] },
      // Storage is managed by a logged-in admin only: 403 with a key, A's own (platform) storage with the token.
      { path: `/tenant/storage`, expect: [200, 403] },
      { path: `/me`, expect: [200] },
      { path: `/models`, expect: [200] },
    ];
    for (const credential of [{ authorization: `Bearer ${a.apiKey}` }, { authorization: `Bearer ${aToken}` }]) {
      for (const read of reads) {
        const res = await stack.app.request(`/api/v1${read.path}`, { headers: credential });
        const text = await res.text();
        expect({ path: read.path, status: read.expect.includes(res.status) ? "ok" : res.status }).toEqual({
          path: read.path,
          status: "ok",
        });
        expect({ path: read.path, leaked: leakIn(text, secrets, read.path) }).toEqual({
          path: read.path,
          leaked: null,
        });
      }
      // Lists are A's own: empty of tasks and deliveries, A's tenant in /me.
      expect(
        ((await (await stack.app.request("/api/v1/tasks", { headers: credential })).json()) as { data: unknown[] })
          .data,
      ).toEqual([]);
      expect(
        ((await (await stack.app.request("/api/v1/me", { headers: credential })).json()) as { tenant: { id: string } })
          .tenant.id,
      ).toBe(a.tenant.id);
    }

    // Writes aimed at B's resources: a midjourney action on B's task, and A's own settings changes, leave B untouched.
    const action = await api(stack, a.apiKey, "POST", "/midjourney/action", {
      task_id: taskId,
      custom_id: "MJ::JOB::upsample::1",
    });
    expect([400, 404]).toContain(action.status);
    expect(leakIn(await action.text(), secrets, taskId)).toBeNull();
    expect(
      (await api(stack, a.apiKey, "PUT", "/webhooks", { url: `http://127.0.0.1:${receiver.port}/alpha` })).status,
    ).toBe(200);
    const reset = await stack.app.request("/api/v1/tenant/storage", {
      method: "DELETE",
      headers: { authorization: `Bearer ${aToken}` },
    });
    expect(reset.status).toBe(200);

    const bAfter = await stack.db.select().from(tenants).where(eq(tenants.id, b.tenant.id));
    expect(bAfter).toEqual(bBefore);
    expect(bAfter[0]!.webhookUrl).toBe(hookUrl);
    expect(bAfter[0]!.storageMode).toBe("CUSTOM");
    expect(await balanceAndLedgerSum(stack.db, b.tenant.id)).toEqual(bMoney);
    // A was charged nothing for its refused attempts.
    expect((await balanceAndLedgerSum(stack.db, a.tenant.id)).balance).toBe(500);
  });

  test("B's key or token cannot be combined with A's to reach B's data through A", async () => {
    const { taskId, secrets } = await tenantBWithResources();
    const a = await stack.createTenant(500, "Alpha");
    // Two credentials at once: X-API-Key wins (it is A's), so B's task stays hidden even with B's bearer present.
    const res = await stack.app.request(`/api/v1/tasks/${taskId}`, {
      headers: { "x-api-key": a.apiKey, authorization: `Bearer ${secrets[4]}` },
    });
    expect(res.status).toBe(404);
    expect(leakIn(await res.text(), secrets, taskId)).toBeNull();
  });
});
