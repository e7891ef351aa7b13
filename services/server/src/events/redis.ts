// Redis pub/sub task event bus: one channel per task, one SUBSCRIBE per channel however many streams watch it.

import { taskEvent } from "@waule/shared/tasks";
import type Redis from "ioredis";
import { whileRedisUp } from "../limits/redis";
import type { TaskEventBus, TaskEventHandler } from "./types";

export type RedisTaskEventBusOptions = {
  /** Any connection; PUBLISH works on a shared one. */
  publisher: Redis;
  /** A dedicated connection: once it subscribes, Redis lets it run no other command. */
  subscriber: Redis;
  prefix: string;
  /** Told about messages that fail to parse, instead of throwing inside ioredis' event loop. */
  onInvalid?: (channel: string, error: unknown) => void;
};

export type RedisTaskEventBus = TaskEventBus & { close(): Promise<void> };

export function createRedisTaskEventBus(opts: RedisTaskEventBusOptions): RedisTaskEventBus {
  const channels = new Map<string, { handlers: Set<TaskEventHandler>; ready: Promise<unknown> }>();
  const channelOf = (taskId: string) => `${opts.prefix}task-events:${taskId}`;

  const onMessage = (channel: string, message: string) => {
    const entry = channels.get(channel);
    if (!entry) return;
    let event: ReturnType<typeof taskEvent.parse>;
    try {
      event = taskEvent.parse(JSON.parse(message));
    } catch (error) {
      opts.onInvalid?.(channel, error);
      return;
    }
    for (const handler of [...entry.handlers]) handler(event);
  };
  opts.subscriber.on("message", onMessage);

  return {
    async publish(taskId, event) {
      await whileRedisUp(() => opts.publisher.publish(channelOf(taskId), JSON.stringify(event)));
    },
    async subscribe(taskId, handler) {
      const channel = channelOf(taskId);
      let entry = channels.get(channel);
      if (!entry) {
        entry = { handlers: new Set(), ready: opts.subscriber.subscribe(channel) };
        channels.set(channel, entry);
      }
      entry.handlers.add(handler);
      const mine = entry;
      try {
        await whileRedisUp(() => mine.ready);
      } catch (err) {
        // A failed SUBSCRIBE must not be shared with the next stream: that one asks Redis again.
        mine.handlers.delete(handler);
        if (channels.get(channel) === mine) channels.delete(channel);
        throw err;
      }
      return () => {
        mine.handlers.delete(handler);
        if (mine.handlers.size === 0 && channels.get(channel) === mine) {
          channels.delete(channel);
          // Commands on one connection run in order, so a later re-SUBSCRIBE cannot be undone by this.
          opts.subscriber.unsubscribe(channel).catch(() => {});
        }
      };
    },
    async close() {
      opts.subscriber.off("message", onMessage);
      const names = [...channels.keys()];
      channels.clear();
      if (names.length) await opts.subscriber.unsubscribe(...names);
    },
  };
}
