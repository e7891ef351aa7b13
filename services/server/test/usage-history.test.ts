// GET /api/v1/usage as History reads it: each call's prompt, stored results and user; members see only their own calls.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { tasks, usageRecords } from "@waule/db/server";
import type { UsagePage } from "@waule/shared/account";
import { randomIds, systemClock } from "@waule/shared/clock";
import { addTenantUser } from "../src/users/users";
import { type Stack, startStack } from "./support/stack";

const PASSWORD = "history-password-1";
let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack.stop();
});

async function token(apiKey: string, username: string): Promise<string> {
  const res = await stack.app.request("/api/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ apiKey, username, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

function call(credential: string, path: string, body?: unknown) {
  return stack.app.request(path, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${credential}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function usage(credential: string, query = ""): Promise<UsagePage> {
  const res = await call(credential, `/api/v1/usage${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as UsagePage;
}

async function team() {
  const ctx = { db: stack.db, clock: systemClock, ids: randomIds };
  const created = await stack.createTenant(1000, "Studio");
  const admin = await addTenantUser(ctx, {
    tenantId: created.tenant.id,
    username: "ada",
    password: PASSWORD,
    admin: true,
  });
  const member = await addTenantUser(ctx, { tenantId: created.tenant.id, username: "max", password: PASSWORD });
  return {
    ...created,
    admin,
    member,
    adminToken: await token(created.apiKey, "ada"),
    memberToken: await token(created.apiKey, "max"),
  };
}

describe("usage rows as History", () => {
  test("an image and a speech call come back with their prompt, a downloadable result and the user who made them", async () => {
    const t = await team();
    const image = await call(t.memberToken, "/api/v1/images/generations", {
      model: "sandbox-image",
      prompt: "a red kite over the harbour",
      size: "64x64",
      n: 2,
    });
    expect(image.status).toBe(200);
    const speech = await call(t.adminToken, "/api/v1/audio/speech", {
      model: "sandbox-tts",
      input: "Good morning, harbour.",
      voice: "alloy",
      waule_response: "url",
    });
    expect(speech.status).toBe(200);

    const page = await usage(t.adminToken);
    const [spoken, drawn] = page.data;
    expect(page.total).toBe(2);
    expect(drawn).toMatchObject({ username: "max", userId: t.member.id, prompt: "a red kite over the harbour" });
    expect(drawn?.results.map((r) => r.mimeType)).toEqual(["image/png", "image/png"]);
    expect(spoken).toMatchObject({ username: "ada", prompt: "Good morning, harbour." });
    expect(spoken?.results).toHaveLength(1);
    // The links are the stored files themselves: they download the bytes the call produced.
    for (const result of [...(drawn?.results ?? []), ...(spoken?.results ?? [])]) {
      const file = await stack.download(result.url);
      expect(file.status).toBe(200);
      expect(file.headers.get("content-type")).toBe(result.mimeType);
      expect((await file.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
  });

  test("a member sees only their own calls, even when asking for another user's; an admin sees everyone's and can filter", async () => {
    const t = await team();
    for (const [credential, prompt] of [
      [t.memberToken, "member's boat"],
      [t.adminToken, "admin's lighthouse"],
      [t.apiKey, "backend's crane"],
    ] as const) {
      const res = await call(credential, "/api/v1/images/generations", {
        model: "sandbox-image",
        prompt,
        size: "64x64",
      });
      expect(res.status).toBe(200);
    }
    const mine = await usage(t.memberToken);
    expect(mine.data.map((r) => r.prompt)).toEqual(["member's boat"]);
    expect((await usage(t.memberToken, `?userId=${t.admin.id}`)).data.map((r) => r.prompt)).toEqual(["member's boat"]);

    const all = await usage(t.adminToken);
    expect(all.data.map((r) => [r.prompt, r.username])).toEqual([
      ["backend's crane", null],
      ["admin's lighthouse", "ada"],
      ["member's boat", "max"],
    ]);
    expect((await usage(t.adminToken, `?userId=${t.admin.id}`)).data.map((r) => r.prompt)).toEqual([
      "admin's lighthouse",
    ]);
    expect((await usage(t.apiKey, "?operation=audio.speech")).total).toBe(0);
  });

  test("filters by date range ([from, to)) and refuses a malformed date with 400", async () => {
    const t = await team();
    const day = (d: number) => new Date(Date.UTC(2026, 10, d, 12));
    for (const d of [1, 2, 3])
      await stack.db.insert(usageRecords).values({
        id: `use_day_${d}`,
        tenantId: t.tenant.id,
        userId: t.member.id,
        model: "sandbox-image",
        operation: "image.generation",
        credits: d,
        requestId: null,
        metadata: {},
        createdAt: day(d),
      });
    const ranged = await usage(t.adminToken, "?from=2026-11-02&to=2026-11-03");
    expect(ranged.data.map((r) => r.credits)).toEqual([2]);
    expect((await usage(t.adminToken, "?from=2026-11-02")).data.map((r) => r.credits)).toEqual([3, 2]);
    expect((await call(t.adminToken, "/api/v1/usage?from=yesterday")).status).toBe(400);
  });

  test("a task's row shows the task's prompt and stored video, read from the task itself", async () => {
    const t = await team();
    const now = new Date();
    const file = {
      url: "http://gateway.test/files/tenants/x/video.mp4",
      key: "tenants/x/video.mp4",
      mimeType: "video/mp4",
      bytes: 10,
    };
    await stack.db.insert(tasks).values({
      id: "task_history_1",
      tenantId: t.tenant.id,
      userId: t.member.id,
      type: "video",
      model: "sandbox-video",
      status: "succeeded",
      progress: 100,
      request: { prompt: "waves at dawn", duration: 5 },
      holdId: "hold_history_1",
      heldCredits: 50,
      chargedCredits: 50,
      result: { urls: [file.url], files: [file] },
      deadlineAt: now,
      updatedAt: now,
      createdAt: now,
    });
    await stack.db.insert(usageRecords).values({
      id: "use_task_1",
      tenantId: t.tenant.id,
      userId: t.member.id,
      model: "sandbox-video",
      operation: "video.generation",
      credits: 50,
      requestId: "task_history_1",
      metadata: { taskId: "task_history_1" },
      createdAt: now,
    });
    const [row] = (await usage(t.memberToken)).data;
    expect(row).toMatchObject({ prompt: "waves at dawn", results: [{ url: file.url, mimeType: "video/mp4" }] });
  });
});
