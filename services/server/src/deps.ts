// What the server app is built from: injected so tests control the database, the gateway, time and ids.
// Types only, so any module may import it without pulling in (or looping back through) the modules that build them.
import type { ServerDb } from "@waule/db/connect";
import type { Clock, Ids } from "@waule/shared/clock";
import type { ServerConfig } from "./config";
import type { TaskEventBus } from "./events/types";
import type { GatewayClient } from "./gateway-client/client";
import type { RequestLease } from "./leases/request-lease";
import type { Limits } from "./limits/types";
import type { SettingsStore } from "./settings/store";

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
  /** This process's lease over its running sync calls (their holds and Idempotency-Keys); main.ts starts its renewals. */
  lease: RequestLease;
  /** Operator-edited platform settings, cached and invalidated across instances. */
  settings: SettingsStore;
};

/** What a caller must supply; the shared-state parts default to in-process ones. */
export type ServerDepsInput = Omit<ServerDeps, "limits" | "events" | "lease" | "settings"> &
  Partial<Pick<ServerDeps, "limits" | "events" | "lease" | "settings">>;
