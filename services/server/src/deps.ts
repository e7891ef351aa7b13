// What the server app is built from: injected so tests control the database, the gateway, time and ids.
import type { ServerDb } from "@waule/db/connect";
import type { ServerConfig } from "./config";
import { createTaskEventBus, type TaskEventBus } from "./events";
import type { GatewayClient } from "./gateway-client/client";
import { createLimits, type Limits } from "./limits";
import type { RedisConnections } from "./redis/connections";

export type Clock = { now(): number };
export type Ids = { make(prefix: string): string };

export type ServerDeps = {
  db: ServerDb;
  gateway: GatewayClient;
  clock: Clock;
  ids: Ids;
  config: ServerConfig;
  /** Requests per minute and concurrent tasks; shared by every instance when Redis is configured. */
  limits: Limits;
  /** Task status changes, fanned out to SSE streams on whichever instance holds them. */
  events: TaskEventBus;
};

/** What a caller must supply; the shared-state parts default to in-process ones. */
export type ServerDepsInput = Omit<ServerDeps, "limits" | "events"> & Partial<Pick<ServerDeps, "limits" | "events">>;

/**
 * The one place that chooses where limits and task events live: in Redis when connections are given
 * (several instances must agree), in this process otherwise. Parts already in `input` are kept.
 */
export function buildServerDeps(input: ServerDepsInput, redis?: RedisConnections | null): ServerDeps {
  return {
    ...input,
    limits: input.limits ?? createLimits({ redis: redis?.command, prefix: redis?.prefix, clock: input.clock }),
    events:
      input.events ??
      createTaskEventBus({
        redis: redis && { publisher: redis.command, subscriber: redis.subscriber },
        prefix: redis?.prefix,
      }),
  };
}

export const systemClock: Clock = { now: () => Date.now() };

/** Random, prefixed ids (`req_…`, `hold_…`) so a log line says what an id names. */
export const randomIds: Ids = { make: (prefix) => `${prefix}_${crypto.randomUUID().replaceAll("-", "")}` };
