// Picks the task event bus: Redis pub/sub when the deployment has Redis (several instances), in-process otherwise.
import type Redis from "ioredis";
import { createMemoryTaskEventBus } from "./memory";
import { createRedisTaskEventBus } from "./redis";
import type { TaskEventBus } from "./types";

export { streamTaskEvents, type TaskEventStreamOptions } from "./sse";
export type { TaskEventBus, TaskEventHandler } from "./types";

/**
 * With Redis, the caller passes a dedicated subscriber connection (e.g. `redis.duplicate()`):
 * a subscribed connection can run no other command. `close` leaves the channels; the caller quits connections.
 */
export function createTaskEventBus(opts: {
  redis?: { publisher: Redis; subscriber: Redis } | null;
  prefix?: string;
}): TaskEventBus & { close(): Promise<void> } {
  if (!opts.redis) return { ...createMemoryTaskEventBus(), close: async () => {} };
  return createRedisTaskEventBus({ ...opts.redis, prefix: opts.prefix ?? "waule:" });
}
