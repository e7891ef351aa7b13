// The one place the server's dependencies are completed: main.ts and the tests build them here, the app only takes them.

import type { ServerDeps, ServerDepsInput } from "./deps";
import { createTaskEventBus } from "./events";
import { createRequestLease } from "./leases/request-lease";
import { createLimits } from "./limits";
import type { RedisConnections } from "./redis/connections";
import { createSettingsStore } from "./settings/store";

/**
 * Chooses where limits and task events live: in Redis when connections are given (several instances must
 * agree), in this process otherwise. Parts already in `input` are kept.
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
    lease: input.lease ?? createRequestLease(input, input.config.REQUEST_LEASE_SECONDS * 1000),
    settings:
      input.settings ??
      createSettingsStore({
        db: input.db,
        clock: input.clock,
        redis: redis && { publisher: redis.command, subscriber: redis.subscriber, prefix: redis.prefix },
      }),
  };
}
