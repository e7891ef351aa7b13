// What the server app is built from: injected so tests control the database, the gateway, time and ids.
import type { ServerDb } from "@waule/db/connect";
import type { ServerConfig } from "./config";
import type { GatewayClient } from "./gateway-client/client";

export type Clock = { now(): number };
export type Ids = { make(prefix: string): string };

export type ServerDeps = {
  db: ServerDb;
  gateway: GatewayClient;
  clock: Clock;
  ids: Ids;
  config: ServerConfig;
};

export const systemClock: Clock = { now: () => Date.now() };

/** Random, prefixed ids (`req_…`, `hold_…`) so a log line says what an id names. */
export const randomIds: Ids = { make: (prefix) => `${prefix}_${crypto.randomUUID().replaceAll("-", "")}` };
