// The task API's edges: tenant scoping, list paging and filters, bad input writes nothing, webhook settings.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { tasks } from "@waule/db/server";
import type { Task, TaskList, WebhookSettings } from "@waule/shared/tasks";
import { api, startTaskStack, type TaskStack } from "./support/task-stack";
import { balanceAndLedgerSum, tableCounts } from "./support/temp-db";

let stack: TaskStack;
beforeEach(async () => {
  stack = await startTaskStack();
});
afterEach(async () => {
  await stack.stop();
});

const submit = async (key: string, body: Record<string, unknown> = {}) => {
  const res = await api(stack, key, "POST", "/videos/generations", {
    model: "sandbox-video",
    prompt: "p",
    duration: 1,
    ...body,
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
};

describe("tenant scoping", () => {
  test("another tenant's task answers 404 on every route and is absent from its list", async () => {
    const a = await stack.createTenant(100, "A");
    const b = await stack.createTenant(100, "B");
    const id = await submit(a.apiKey);
    for (const path of [`/tasks/${id}`, `/videos/generations/${id}`, `/tasks/${id}/events`]) {
      const res = await api(stack, b.apiKey, "GET", path);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
    }
    expect(((await (await api(stack, b.apiKey, "GET", "/tasks")).json()) as TaskList).total).toBe(0);
    expect(((await (await api(stack, a.apiKey, "GET", "/tasks")).json()) as TaskList).data.map((t) => t.id)).toEqual([
      id,
    ]);
  });
});

describe("GET /api/v1/tasks", () => {
  test("pages newest first, filters by status and type, and can sort oldest first", async () => {
    const { apiKey } = await stack.createTenant(1_000);
    const first = await submit(apiKey);
    await stack.step(5_000); // the first one succeeds
    stack.clock.advance(1_000);
    const second = await submit(apiKey);
    stack.clock.advance(1_000);
    const third = await submit(apiKey);

    const list = async (query: string) =>
      (await (await api(stack, apiKey, "GET", `/tasks${query}`)).json()) as TaskList;
    const ids = (page: TaskList) => page.data.map((t: Task) => t.id);
    expect(ids(await list(""))).toEqual([third, second, first]);
    const page1 = await list("?limit=2&page=1");
    expect([ids(page1), page1.total, page1.limit, page1.page]).toEqual([[third, second], 3, 2, 1]);
    expect(ids(await list("?limit=2&page=2"))).toEqual([first]);
    expect(ids(await list("?order=asc"))).toEqual([first, second, third]);
    expect(ids(await list("?status=succeeded"))).toEqual([first]);
    expect(ids(await list("?status=queued"))).toEqual([third, second]);
    expect((await list("?type=video")).total).toBe(3);
    expect((await list("?type=midjourney")).total).toBe(0);
    const bad = await api(stack, apiKey, "GET", "/tasks?status=done");
    expect(bad.status).toBe(400);
  });
});

describe("POST /api/v1/videos/generations refusals", () => {
  test("bad input answers 400 and writes nothing", async () => {
    const { apiKey } = await stack.createTenant(100);
    const before = await tableCounts(stack.db);
    for (const body of [
      { model: "sandbox-video", duration: 2 }, // no prompt, no frame
      { model: "sandbox-video", prompt: "p", duration: 99 },
      { model: "sandbox-video", prompt: "p", resolution: "4k" },
      { model: "sandbox-video", prompt: "p", last_frame: "https://example.com/a.png" },
      { model: "sandbox-image", prompt: "p" },
    ]) {
      const res = await api(stack, apiKey, "POST", "/videos/generations", body);
      expect(res.status).toBe(400);
    }
    expect(await tableCounts(stack.db)).toEqual(before);
    expect(await stack.db.select().from(tasks)).toHaveLength(0);
  });

  test("too few credits answers 402 with no task and no hold", async () => {
    const { tenant, apiKey } = await stack.createTenant(9);
    const res = await api(stack, apiKey, "POST", "/videos/generations", {
      model: "sandbox-video",
      prompt: "p",
      duration: 2,
    });
    expect(res.status).toBe(402);
    expect(await stack.db.select().from(tasks)).toHaveLength(0);
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 9, ledgerSum: 9 });
  });

  test("image-to-video: the first frame and 1080p multiplier from the model's pricing", async () => {
    const { tenant, apiKey } = await stack.createTenant(1_000);
    await stack.db.$client.execute({
      sql: "UPDATE models SET pricing = ? WHERE id = 'sandbox-video'",
      args: [JSON.stringify({ "1080p": 3 })],
    });
    const frame = "data:image/png;base64,iVBORw0KGgo=";
    await submit(apiKey, { prompt: undefined, image: frame, duration: 2, resolution: "1080p", ratio: "9:16" });
    expect((await balanceAndLedgerSum(stack.db, tenant.id)).balance).toBe(1_000 - 2 * 5 * 3);
    const row = (await stack.db.select().from(tasks))[0]!;
    expect(row.request).toMatchObject({ first_frame: frame, resolution: "1080p", ratio: "9:16" });
  });

  test("callback_url needs a webhook secret first", async () => {
    const { apiKey } = await stack.createTenant(100);
    const res = await api(stack, apiKey, "POST", "/videos/generations", {
      model: "sandbox-video",
      prompt: "p",
      callback_url: "https://example.com/hook",
    });
    expect(res.status).toBe(400);
    expect(await stack.db.select().from(tasks)).toHaveLength(0);
  });
});

describe("webhook settings", () => {
  test("the secret is shown once, kept sealed, and rotated on request", async () => {
    const { tenant, apiKey } = await stack.createTenant(0);
    const first = (await (
      await api(stack, apiKey, "PUT", "/webhooks", { url: "https://example.com/a" })
    ).json()) as WebhookSettings;
    expect(first).toMatchObject({ url: "https://example.com/a", has_secret: true });
    const shown = first.secret!;
    const again = (await (
      await api(stack, apiKey, "PUT", "/webhooks", { url: "https://example.com/b" })
    ).json()) as WebhookSettings;
    expect(again.secret).toBeUndefined();
    expect(await (await api(stack, apiKey, "GET", "/webhooks")).json()).toEqual({
      url: "https://example.com/b",
      has_secret: true,
    });
    const stored = await stack.db.$client.execute({
      sql: "SELECT webhook_secret FROM tenants WHERE id = ?",
      args: [tenant.id],
    });
    expect(String(stored.rows[0]!.webhook_secret).includes(shown)).toBe(false);
    const rotated = (await (
      await api(stack, apiKey, "PUT", "/webhooks", { url: "https://example.com/b", rotate_secret: true })
    ).json()) as WebhookSettings;
    expect(rotated.secret?.startsWith("whsec_")).toBe(true);
    expect(rotated.secret).not.toBe(shown);
    expect((await api(stack, apiKey, "PUT", "/webhooks", { url: "ftp://example.com" })).status).toBe(400);
  });
});

describe("webhook URLs into the platform's own network", () => {
  test("are refused for the tenant URL and for callback_url when private URLs are not allowed, writing nothing", async () => {
    await stack.stop();
    stack = await startTaskStack({ serverEnv: { WEBHOOK_ALLOW_PRIVATE_URLS: "false" } });
    const { tenant, apiKey } = await stack.createTenant(100);
    const refused = await api(stack, apiKey, "PUT", "/webhooks", { url: "http://169.254.169.254/latest/meta-data" });
    expect(refused.status).toBe(400);
    expect(await (await api(stack, apiKey, "GET", "/webhooks")).json()).toEqual({ url: null, has_secret: false });
    expect((await api(stack, apiKey, "PUT", "/webhooks", { url: "https://hooks.example.com/w" })).status).toBe(200);
    const res = await api(stack, apiKey, "POST", "/videos/generations", {
      model: "sandbox-video",
      prompt: "p",
      callback_url: "http://127.0.0.1:8080/x",
    });
    expect(res.status).toBe(400);
    expect(await stack.db.select().from(tasks)).toHaveLength(0);
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 100, ledgerSum: 100 });
  });
});
