import { expect, test } from "bun:test";
import { AppError } from "@waule/shared/errors";
import type { Task, TaskEvent } from "@waule/shared/tasks";
import { Hono } from "hono";
import { createMemoryTaskEventBus } from "./memory";
import { streamTaskEvents } from "./sse";
import type { TaskEventBus } from "./types";

function taskAt(status: Task["status"], progress: number, updated_at: number): Task {
  return {
    id: "t1",
    object: "task",
    type: "video",
    model: "sandbox-video",
    status,
    progress,
    result: status === "succeeded" ? { urls: ["https://cdn.test/v.webm"] } : null,
    error: null,
    credits: null,
    created_at: 1,
    updated_at,
    finished_at: null,
  };
}
const eventOf = (t: Task): TaskEvent => ({
  type: t.status === "running" && t.progress > 0 ? "task.progress" : `task.${t.status}`,
  task: t,
});

function appWith(bus: TaskEventBus, load: () => Promise<Task | null>) {
  return new Hono()
    .get("/tasks/:id/events", (c) => streamTaskEvents(c, { bus, taskId: c.req.param("id"), load, heartbeatMs: 60_000 }))
    .onError((err, c) =>
      err instanceof AppError
        ? c.json(err.toJSON(), err.status)
        : c.json({ error: { code: "internal_error", message: "" } }, 500),
    );
}

/** Subscriber count of the in-process bus, to prove streams clean up after themselves. */
function countingBus() {
  const inner = createMemoryTaskEventBus();
  const state = { live: 0 };
  const bus: TaskEventBus = {
    publish: inner.publish,
    async subscribe(id, h) {
      state.live++;
      const off = await inner.subscribe(id, h);
      return () => {
        state.live--;
        off();
      };
    },
  };
  return { bus, state };
}

test("sends the current state, then each change, and ends after the terminal one", async () => {
  const { bus, state } = countingBus();
  const res = await appWith(bus, async () => taskAt("running", 20, 10)).request("/tasks/t1/events");
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const readUntil = async (needle: string) => {
    while (!text.includes(needle)) text += decoder.decode((await reader.read()).value);
  };
  await readUntil("\n\n");
  await bus.publish("t1", eventOf(taskAt("running", 10, 9))); // older than what was sent: dropped
  await bus.publish("t1", eventOf(taskAt("running", 60, 12)));
  await bus.publish("t1", eventOf(taskAt("succeeded", 100, 15)));
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += decoder.decode(chunk.value);
  }
  const events = text
    .trim()
    .split("\n\n")
    .map((block) => {
      const [event, data] = block.split("\n");
      return [event!.replace("event: ", ""), JSON.parse(data!.replace("data: ", "")).progress];
    });
  expect(events).toEqual([
    ["task.running", 20],
    ["task.progress", 60],
    ["task.succeeded", 100],
  ]);
  expect(state.live).toBe(0);
});

test("a finished task answers its final state and closes at once", async () => {
  const { bus, state } = countingBus();
  const res = await appWith(bus, async () => taskAt("succeeded", 100, 5)).request("/tasks/t1/events");
  const text = await res.text();
  expect(text).toStartWith("event: task.succeeded\ndata: ");
  expect(text.match(/^event:/gm)?.length).toBe(1);
  expect(state.live).toBe(0);
});

test("an unknown (or another tenant's) task is a 404 JSON and leaves no subscription", async () => {
  const { bus, state } = countingBus();
  const res = await appWith(bus, async () => null).request("/tasks/t1/events");
  expect(res.status).toBe(404);
  expect(await res.json()).toEqual({ error: { code: "not_found", message: "task t1 not found" } });
  expect(state.live).toBe(0);
});

test("a client that goes away mid-stream releases its subscription", async () => {
  const { bus, state } = countingBus();
  const res = await appWith(bus, async () => taskAt("running", 20, 10)).request("/tasks/t1/events");
  const reader = res.body!.getReader();
  await reader.read();
  expect(state.live).toBe(1);
  await reader.cancel();
  // The stream notices the cancel on its own schedule; wait for it rather than for a fixed time.
  while (state.live !== 0) await Bun.sleep(2);
  expect(state.live).toBe(0);
});
