// One tenant cannot pile up task-event streams: each holds a connection, a subscription and a timer until its task ends.
import { afterEach, describe, expect, test } from "bun:test";
import { api, startTaskStack, type TaskStack } from "./support/task-stack";

let stack: TaskStack;
afterEach(async () => {
  await stack.stop();
});

async function submit(key: string) {
  const res = await api(stack, key, "POST", "/videos/generations", {
    model: "sandbox-video",
    prompt: "p",
    duration: 1,
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

/** Opens the stream and reads its first event, so the stream is really running. */
async function openStream(key: string, id: string) {
  const res = await api(stack, key, "GET", `/tasks/${id}/events`);
  if (res.status !== 200) return { res, reader: null };
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const first = await reader.read();
  expect(first.value).toContain("event: task.");
  return { res, reader };
}

describe("task event streams per tenant", () => {
  test("past the cap a tenant's next stream is refused with 429; other tenants are unaffected; closing one frees its slot", async () => {
    stack = await startTaskStack({ serverEnv: { SSE_STREAMS_PER_TENANT: "2" } });
    const a = await stack.createTenant(100, "A");
    const b = await stack.createTenant(100, "B");
    const taskA = await submit(a.apiKey);
    const taskB = await submit(b.apiKey);

    const first = await openStream(a.apiKey, taskA);
    const second = await openStream(a.apiKey, taskA);
    expect([first.res.status, second.res.status]).toEqual([200, 200]);
    const third = await openStream(a.apiKey, taskA);
    expect(third.res.status).toBe(429);
    expect(((await third.res.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: "rate_limited",
      message: "at most 2 task event streams may be open at once; close one first",
    });
    const other = await openStream(b.apiKey, taskB);
    expect(other.res.status).toBe(200);

    // The client goes away: the stream ends and its slot is free again (the release runs as the stream unwinds).
    await first.reader!.cancel();
    let reopened = await openStream(a.apiKey, taskA);
    for (let i = 0; i < 50 && reopened.res.status === 429; i++) {
      await Bun.sleep(5);
      reopened = await openStream(a.apiKey, taskA);
    }
    expect(reopened.res.status).toBe(200);

    // A refused lookup (another tenant's task) never holds a slot.
    for (let i = 0; i < 3; i++) expect((await api(stack, b.apiKey, "GET", `/tasks/${taskA}/events`)).status).toBe(404);
    expect((await openStream(b.apiKey, taskB)).res.status).toBe(200);
    for (const s of [second, reopened, other]) await s.reader?.cancel();
  });
});
