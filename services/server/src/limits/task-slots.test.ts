// The concurrent-task cap as the tasks code uses it: acquire at submit, release at the terminal state, on any instance.
import { afterAll, describe, expect, test } from "bun:test";
import Redis from "ioredis";
import type { ServerConfig } from "../config";
import { createLimits, type Limits } from "./index";
import {
  acquireTaskSlot,
  releaseTaskSlot,
  TASK_SLOT_DEADLINE_MARGIN_MS,
  TASK_SLOT_TTL_MS,
  TaskSlotsFullError,
  taskSlotTtlMs,
} from "./task-slots";

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
      expect((refused as TaskSlotsFullError).toJSON()).toEqual({
        error: {
          code: "rate_limited",
          message: "at most 2 tasks may run at once for this tenant; retry when one has finished",
        },
      });
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

test("MAX_CONCURRENT_TASKS=0 turns the cap off: every acquisition is allowed and none is recorded", async () => {
  const limits = createLimits({ clock });
  const calls: string[] = [];
  const recorded: Limits = {
    rate: limits.rate,
    concurrency: {
      acquire: (...args) => {
        calls.push("acquire");
        return limits.concurrency.acquire(...args);
      },
      renew: (...args) => {
        calls.push("renew");
        return limits.concurrency.renew(...args);
      },
      release: (...args) => {
        calls.push("release");
        return limits.concurrency.release(...args);
      },
    },
  };
  const results = await Promise.allSettled(
    Array.from({ length: 50 }, (_, i) =>
      acquireTaskSlot({ limits: recorded, config: config(0) }, { tenantId: "tnt_x", taskId: `task_${i}` }),
    ),
  );
  expect(results.filter((r) => r.status === "rejected")).toEqual([]);
  expect(calls).toEqual([]);
  // Nothing leased: with the cap back at 1, the tenant's first task gets the slot.
  await acquireTaskSlot({ limits, config: config(1) }, { tenantId: "tnt_x", taskId: "task_capped" });
  await expect(
    acquireTaskSlot({ limits, config: config(1) }, { tenantId: "tnt_x", taskId: "task_0" }),
  ).rejects.toBeInstanceOf(TaskSlotsFullError);
});

test("a slot leased from its task's deadline outlives the default lease and frees itself after the deadline's margin", async () => {
  const deps = { limits: createLimits({ clock }), config: config(1) };
  const tenantId = `tnt_${crypto.randomUUID()}`;
  const deadlineAt = clock.t + 2 * TASK_SLOT_TTL_MS;
  await acquireTaskSlot(deps, { tenantId, taskId: "task_long", ttlMs: taskSlotTtlMs(deadlineAt, clock.t) });
  clock.t = deadlineAt + TASK_SLOT_DEADLINE_MARGIN_MS - 1;
  await expect(acquireTaskSlot(deps, { tenantId, taskId: "task_next" })).rejects.toBeInstanceOf(TaskSlotsFullError);
  clock.t += 2;
  await acquireTaskSlot(deps, { tenantId, taskId: "task_next" });
});
