// What the video task engine is built from; a subset of the gateway's dependencies so tests can pass just these.
import type { GatewayDb } from "@waule/db/connect";
import type { Clock, Ids } from "@waule/shared/clock";
import type { KeyPool } from "../keys/pool";
import type { ProviderRegistry } from "../providers/registry";
import type { TenantUrlAccess } from "../providers/types";
import type { ObjectStorage } from "../storage/types";

export type TaskEngineDeps = {
  db: GatewayDb;
  storage: ObjectStorage;
  providers: ProviderRegistry;
  clock: Clock;
  ids: Ids;
  fetch: typeof fetch;
  keys?: KeyPool;
  /** Unseals pool keys for polls. */
  encryptionKey: string;
  signedUrlTtlSeconds: number;
  /** How providers may download tenant-supplied frames; absent is the strict default (no private hosts). */
  tenantUrls?: TenantUrlAccess;
};

export type TaskEngineOptions = {
  /** How often the background poller looks at unfinished tasks. */
  intervalMs?: number;
  /** A task polled this recently is answered from its row instead of asking the upstream again. */
  minPollGapMs?: number;
  /** A task older than this fails as upstream_timeout, so no row is polled forever. */
  maxAgeMs?: number;
  /** A row that never got an upstream id (the gateway stopped mid-submit) fails after this. */
  submitGraceMs?: number;
  /** Rows looked at per poller tick. */
  batchSize?: number;
};

export const defaultEngineOptions: Required<TaskEngineOptions> = {
  intervalMs: 5_000,
  minPollGapMs: 2_000,
  maxAgeMs: 3 * 60 * 60 * 1000,
  submitGraceMs: 10 * 60 * 1000,
  batchSize: 50,
};
