// The same contract against the in-process bus and against two Redis-backed instances.
import { afterAll, describe, expect, test } from "bun:test";
import type { TaskEvent } from "@waule/shared/tasks";
import Redis from "ioredis";
import { createMemoryTaskEventBus } from "./memory";
import { createRedisTaskEventBus } from "./redis";
import type { TaskEventBus } from "./types";

const prefix = `test:events:${crypto.randomUUID()}:`;
const connections: Redis[] = [];
const closers: (() => Promise<void>)[] = [];
function connect(): Redis {
  const r = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: 1 });
  connections.push(r);
  return r;
}
function redisInstance(): TaskEventBus {
  const bus = createRedisTaskEventBus({ publisher: connect(), subscriber: connect(), prefix });
  closers.push(bus.close);
  return bus;
}

afterAll(async () => {
  for (const close of closers) await close();
  await Promise.all(connections.map((c) => c.quit()));
});

function eventOf(taskId: string, status: TaskEvent["task"]["status"], progress: number): TaskEvent {
  return {
    type: `task.${status}`,
    task: {
      id: taskId,
      object: "task",
      type: "video",
      model: "sandbox-video",
      status,
      progress,
      result: null,
      error: null,
      credits: null,
      created_at: 1,
      updated_at: 2,
      finished_at: null,
    },
  };
}

function collector() {
  const seen: TaskEvent[] = [];
  let wake: (() => void) | null = null;
  return {
    seen,
    handler: (e: TaskEvent) => {
      seen.push(e);
      wake?.();
    },
    async waitFor(n: number) {
      while (seen.length < n) await new Promise<void>((r) => (wake = r));
    },
  };
}

const impls: { name: string; pair: () => [TaskEventBus, TaskEventBus] }[] = [
  {
    name: "in-process",
    pair: () => {
      const bus = createMemoryTaskEventBus();
      return [bus, bus];
    },
  },
  { name: "redis, two instances", pair: () => [redisInstance(), redisInstance()] },
];

for (const impl of impls) {
  describe(`task event bus (${impl.name})`, () => {
    test("an event published on instance 1 reaches a subscriber on instance 2, in order, for its task only", async () => {
      const [one, two] = impl.pair();
      const task = crypto.randomUUID();
      const mine = collector();
      const other = collector();
      await two.subscribe(task, mine.handler);
      await two.subscribe(`${task}-other`, other.handler);
      await one.publish(task, eventOf(task, "running", 10));
      await one.publish(task, eventOf(task, "succeeded", 100));
      await mine.waitFor(2);
      expect(mine.seen.map((e) => [e.type, e.task.progress])).toEqual([
        ["task.running", 10],
        ["task.succeeded", 100],
      ]);
      expect(other.seen).toEqual([]);
    });

    test("an unsubscribed handler gets nothing while another stream on the same task still does", async () => {
      const [one, two] = impl.pair();
      const task = crypto.randomUUID();
      const gone = collector();
      const stays = collector();
      const off = await two.subscribe(task, gone.handler);
      await two.subscribe(task, stays.handler);
      off();
      await one.publish(task, eventOf(task, "running", 50));
      await stays.waitFor(1);
      expect(gone.seen).toEqual([]);
      expect(stays.seen[0]!.task.progress).toBe(50);
    });
  });
}

test("redis: the last unsubscribe leaves the channel, and a resubscribe works again", async () => {
  const observer = connect();
  const [one, two] = [redisInstance(), redisInstance()];
  const task = crypto.randomUUID();
  const channel = `${prefix}task-events:${task}`;
  const first = collector();
  const off = await two.subscribe(task, first.handler);
  expect(await observer.pubsub("NUMSUB", channel)).toEqual([channel, 1]);
  off();
  // UNSUBSCRIBE is sent without waiting; poll Redis' own count until it has run.
  while ((await observer.pubsub("NUMSUB", channel))[1] !== 0) await Bun.sleep(5);
  const again = collector();
  await two.subscribe(task, again.handler);
  await one.publish(task, eventOf(task, "failed", 0));
  await again.waitFor(1);
  expect(first.seen).toEqual([]);
  expect(again.seen[0]!.type).toBe("task.failed");
});
