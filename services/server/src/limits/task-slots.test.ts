// The concurrent-task cap as the tasks code uses it: acquire at submit, release at the terminal state, on any instance.
import { afterAll, describe, expect, test } from "bun:test";
import Redis from "ioredis";
import type { ServerConfig } from "../config";
import { createLimits, type Limits } from "./index";
import { acquireTaskSlot, releaseTaskSlot, TaskSlotsFullError } from "./task-slots";

const prefix = `test:task-slots:${crypto.randomUUID()}:`;
const connections: Redis[] = [];
const clock = { t: Date.UTC(2026, 0, 1), now: () => clock.t };
afterAll(async () => {
  const keys = await connections[0]!.keys(`${prefix}*`);
  if (keys.length) await connections[0]!.del(...keys);
  await Promise.all(connections.map((c) => c.quit()));
});
function redisLimits(): Limits {
  const redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: 1 });
  connections.push(redis);
  return createLimits({ redis, prefix, clock });
}
const config = (max: number) => ({ MAX_CONCURRENT_TASKS: max }) as ServerConfig;

const impls: { name: string; pair: () => [Limits, Limits] }[] = [
  {
    name: "in-process",
    pair: () => {
      const one = createLimits({ clock });
      return [one, one];
    },
  },
  { name: "redis, two instances", pair: () => [redisLimits(), redisLimits()] },
];

for (const impl of impls) {
  describe(`task slots (${impl.name})`, () => {
    test("a tenant at its cap is refused with 429 rate_limited until a task ends on either instance", async () => {
      const [a, b] = impl.pair().map((limits) => ({ limits, config: config(2) }));
      const tenantId = `tnt_${crypto.randomUUID()}`;
      await acquireTaskSlot(a!, { tenantId, taskId: "task_1" });
      await acquireTaskSlot(b!, { tenantId, taskId: "task_2" });
      const refused = await acquireTaskSlot(a!, { tenantId, taskId: "task_3" }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(TaskSlotsFullError);
      expect((refused as TaskSlotsFullError).toJSON()).toEqual({ error: { code: "rate_limited", message: "at most 2 tasks may run at once for this tenant; retry when one has finished" } });
      expect((refused as TaskSlotsFullError).status).toBe(429);
      // Another tenant has its own slots.
      await acquireTaskSlot(b!, { tenantId: `${tenantId}-other`, taskId: "task_9" });

      // A retried submit of a running task is not refused; releasing twice frees one slot only.
      await acquireTaskSlot(b!, { tenantId, taskId: "task_2" });
      await releaseTaskSlot(b!, { tenantId, taskId: "task_1" });
      await releaseTaskSlot(a!, { tenantId, taskId: "task_1" });
      await acquireTaskSlot(a!, { tenantId, taskId: "task_3" });
      await expect(acquireTaskSlot(b!, { tenantId, taskId: "task_4" })).rejects.toBeInstanceOf(TaskSlotsFullError);
    });

    test("a slot never released (its instance died) frees itself after its ttl", async () => {
      const [a, b] = impl.pair().map((limits) => ({ limits, config: config(1) }));
      const tenantId = `tnt_${crypto.randomUUID()}`;
      await acquireTaskSlot(a!, { tenantId, taskId: "task_1", ttlMs: 30_000 });
      await expect(acquireTaskSlot(b!, { tenantId, taskId: "task_2" })).rejects.toBeInstanceOf(TaskSlotsFullError);
      clock.t += 30_001;
      await acquireTaskSlot(b!, { tenantId, taskId: "task_2" });
    });
  });
}

test("MAX_CONCURRENT_TASKS=0 turns the cap off", async () => {
  const deps = { limits: createLimits({ clock }), config: config(0) };
  for (let i = 0; i < 20; i++) await acquireTaskSlot(deps, { tenantId: "tnt_x", taskId: `task_${i}` });
});
