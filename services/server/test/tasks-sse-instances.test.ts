// SSE works whichever server instance the client reached: the runner on one instance, the stream on another, events through Redis.
import { afterEach, describe, expect, test } from "bun:test";
import type { Task } from "@waule/shared/tasks";
import { testRedis } from "./support/redis";
import { readSse } from "./support/sse";
import { api, startTaskStack, type TaskStack } from "./support/task-stack";

let stack: TaskStack;
let redis: ReturnType<typeof testRedis>;
afterEach(async () => {
  await stack.stop();
  await redis.cleanup();
});

describe("task events across instances", () => {
  test("a stream on instance B sees every change the runner on instance A makes", async () => {
    redis = testRedis("task-sse");
    stack = await startTaskStack({ video: { stepMs: 2_000 }, connectRedis: () => redis.connect() });
    const b = await stack.addServerInstance();
    const { apiKey } = await stack.createTenant(100);
    const res = await api(stack, apiKey, "POST", "/videos/generations", {
      model: "sandbox-video",
      prompt: "p",
      duration: 1,
    });
    const { id } = (await res.json()) as { id: string };

    const sse = await b.app.request(`/api/v1/tasks/${id}/events`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(sse.status).toBe(200);
    const collected = readSse(sse);
    // Only instance A's runner polls; B never touches the task.
    await stack.step(2_000);
    await stack.step(2_000);
    await stack.step(4_000);
    const events = await collected;
    expect(events.map((e) => e.event)).toEqual(["task.queued", "task.running", "task.progress", "task.succeeded"]);
    expect((JSON.parse(events.at(-1)!.data) as Task).result?.urls).toHaveLength(1);
  });
});
