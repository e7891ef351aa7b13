// Work of any age opens from History and the task API: their links are signed when read, from the stored object key,
// not the link handed out at creation (which expires after the signed-URL lifetime, 7 days by default). Another
// tenant never gets a link to it: not through its own listings, and the gateway refuses to sign another tenant's key.
import { afterEach, describe, expect, test } from "bun:test";
import { tasks } from "@waule/db/server";
import type { UsagePage } from "@waule/shared/account";
import { manualClock } from "@waule/shared/clock";
import type { Task, TaskList } from "@waule/shared/tasks";
import { readPng } from "./support/png";
import { postImages, type Stack, startStack } from "./support/stack";

const DAY_MS = 24 * 3600 * 1000;
let stack: Stack;
afterEach(async () => {
  await stack.stop();
});

async function getJson<T>(apiKey: string, path: string): Promise<{ status: number; body: T }> {
  const res = await stack.app.request(path, { headers: { authorization: `Bearer ${apiKey}` } });
  return { status: res.status, body: (await res.json()) as T };
}

/**
 * Runs `body`, naming the step it is in should it stall: under the whole suite's load this test once stopped for
 * its full 30 s timeout in 2 of 8 runs, without a log line, and never alone (cause not found). A stall now fails
 * with the step's name after `ms`.
 */
async function reportingStalls(ms: number, body: (step: (name: string) => void) => Promise<void>): Promise<void> {
  let current = "start";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`stalled for ${ms} ms in step "${current}"`)), ms);
  });
  try {
    await Promise.race([body((name) => (current = name)), stalled]);
  } finally {
    clearTimeout(timer);
  }
}

describe("result links signed at read time", () => {
  test("an image and a task result older than the link lifetime still open; another tenant cannot reach them", () =>
    reportingStalls(25_000, async (step) => {
      const clock = manualClock(Date.parse("2026-01-05T10:00:00Z"));
      step("starting the stack");
      stack = await startStack({ clock });
      const a = await stack.createTenant(100, "Tenant A");
      const b = await stack.createTenant(100, "Tenant B");

      step("generating the image");
      const made = await postImages(stack, a.apiKey, { model: "sandbox-image", prompt: "an old fox", size: "64x64" });
      expect(made.status).toBe(200);
      const storedUrl = ((await made.json()) as { data: { url: string }[] }).data[0]!.url;
      const key = decodeURIComponent(new URL(storedUrl).pathname.replace(/^\/files\//, ""));
      expect(key.startsWith(`tenants/${a.tenant.id}/`)).toBe(true);
      // A finished video task whose result is that stored file, with the link it was given back then.
      const at = new Date(clock.now());
      step("inserting the old task");
      await stack.db.insert(tasks).values({
        id: "task_old_1",
        tenantId: a.tenant.id,
        type: "video",
        model: "sandbox-video",
        status: "succeeded",
        progress: 100,
        request: { prompt: "an old video" },
        holdId: "hold_old_1",
        heldCredits: 5,
        chargedCredits: 5,
        result: { urls: [storedUrl], files: [{ url: storedUrl, key, mimeType: "image/png", bytes: 1 }] },
        deadlineAt: at,
        createdAt: at,
        updatedAt: at,
      });

      clock.advance(8 * DAY_MS);
      // The link stored at creation has expired, so only a fresh one can open the file now.
      step("opening the expired link");
      const expired = await stack.download(storedUrl);
      expect(expired.status).toBe(403);
      expect(((await expired.json()) as { error: { message: string } }).error.message).toBe("file link expired");

      step("reading History");
      const history = await getJson<UsagePage>(a.apiKey, "/api/v1/usage");
      expect(history.status).toBe(200);
      const imageRow = history.body.data.find((r) => r.operation === "image.generation")!;
      const freshUrl = imageRow.results[0]!.url;
      expect(freshUrl).not.toBe(storedUrl);
      const opened = await stack.download(freshUrl);
      expect(opened.status).toBe(200);
      expect(readPng(new Uint8Array(await opened.arrayBuffer()))).toMatchObject({ width: 64, height: 64 });

      step("reading the task");
      const one = await getJson<Task>(a.apiKey, "/api/v1/tasks/task_old_1");
      expect(one.status).toBe(200);
      const taskUrl = one.body.result?.files?.[0]?.url ?? "";
      expect(taskUrl).not.toBe(storedUrl);
      expect(one.body.result?.urls).toEqual([taskUrl]);
      expect((await stack.download(taskUrl)).status).toBe(200);
      const listed = await getJson<TaskList>(a.apiKey, "/api/v1/tasks");
      const listedUrl = listed.body.data.find((t) => t.id === "task_old_1")?.result?.files?.[0]?.url ?? "";
      expect((await stack.download(listedUrl)).status).toBe(200);

      step("tenant B");
      // Tenant B: nothing of A's in its history, A's task answers as missing, and the gateway signs no A key for B.
      expect((await getJson<UsagePage>(b.apiKey, "/api/v1/usage")).body.data).toEqual([]);
      expect((await getJson<unknown>(b.apiKey, "/api/v1/tasks/task_old_1")).status).toBe(404);
      expect((await getJson<unknown>(b.apiKey, "/api/v1/videos/generations/task_old_1")).status).toBe(404);
      await expect(
        stack.deps.gateway.fileLinks({ tenantId: b.tenant.id, storage: { mode: "PLATFORM" }, keys: [key] }),
      ).rejects.toThrow();
      step("signing for A");
      // A's own key still signs for A: the refusal above is about the tenant, not the key.
      const [signed] = await stack.deps.gateway.fileLinks({
        tenantId: a.tenant.id,
        storage: { mode: "PLATFORM" },
        keys: [key],
      });
      expect((await stack.download(signed!)).status).toBe(200);
    }));

  test("the gateway signs no key outside the tenant's prefix (nor a path escaping it), and no unsigned call", async () => {
    stack = await startStack();
    const a = await stack.createTenant(10, "Tenant A");
    for (const keys of [["tenants/someone-else/2026/01/f.png"], ["tenants/x/../../etc/passwd"], ["secrets.txt"]]) {
      await expect(
        stack.deps.gateway.fileLinks({ tenantId: a.tenant.id, storage: { mode: "PLATFORM" }, keys }),
      ).rejects.toThrow(/not a file of tenant|gateway/);
    }
    const unsigned = await stack.gatewayApp.request("/internal/v1/files/links", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tenantId: a.tenant.id, keys: [] }),
    });
    expect(unsigned.status).toBe(401);
  });
});
