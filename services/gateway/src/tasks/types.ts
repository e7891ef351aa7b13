// The gateway's task engine and the task kinds it runs (video, Midjourney): what a kind gives the engine, the engine's
// own surface, and its timing options.
import type { UpstreamTaskRow } from "@waule/db/gateway";
import type { StorageTarget } from "@waule/shared/images";
import type { Hono } from "hono";
import type { CallContext } from "../calls/context";
import type { Provider, ProviderContext, TaskPoll } from "../providers/types";

export type TaskPoller = (upstreamTaskId: string, ctx: ProviderContext) => Promise<TaskPoll>;

/**
 * One kind of long-running upstream job, in its own folder (videos/, midjourney/) and listed once in kinds.ts:
 * the internal routes that accept its jobs, and how the engine polls a row of it. Adding a kind (music, 3D) is
 * adding such a folder and its line in the table.
 */
export type TaskKind = {
  /** The upstream_tasks.capability of its rows. */
  name: UpstreamTaskRow["capability"];
  /** Its submit routes (POST /v1/videos/generations …), mounted under /internal; each accepts through acceptTask. */
  routes(deps: TaskKindDeps): Hono;
  /** The poll of the provider that accepted a row; undefined when that provider has (no longer) the capability. */
  pollerOf(provider: Provider): TaskPoller | undefined;
};

/** What a kind's routes are built from: the call context, plus the engine that follows the rows they accept. */
export type TaskKindDeps = CallContext & { tasks: TaskEngine };

export type TaskEngine = {
  /** How long a provider submit may take (acceptTask aborts it then). */
  submitTimeoutMs: number;
  /** Remembers the CUSTOM storage target of a row just accepted, so the background poller can store its result. */
  track(row: UpstreamTaskRow, storage: StorageTarget): void;
  /** The task as the server may see it; polls the upstream first unless it was polled within minPollGapMs. */
  poll(id: string, caller: { tenantId: string; storage?: StorageTarget }): Promise<UpstreamTaskRow>;
  /** One background pass over unfinished tasks; resolves when it is done (tests call it directly). */
  tick(): Promise<void>;
  /** Starts the background poller; its first pass resumes every unfinished row left by a previous process. */
  start(): void;
  stop(): Promise<void>;
};

export type TaskEngineOptions = {
  /** How often the background poller looks at unfinished tasks. */
  intervalMs?: number;
  /** A task polled this recently is answered from its row instead of asking the upstream again. */
  minPollGapMs?: number;
  /** A task older than this fails as upstream_timeout, so no row is polled forever. */
  maxAgeMs?: number;
  /** A provider submit still unanswered after this is aborted (and its row fails), so no submit outlives it. */
  submitTimeoutMs?: number;
  /**
   * A row that never got an upstream id (the gateway stopped mid-submit) fails after this. It must exceed
   * submitTimeoutMs: by then no submit of the row can still be running in any gateway process.
   */
  submitGraceMs?: number;
  /** Rows looked at per poller tick. */
  batchSize?: number;
};

export const defaultEngineOptions: Required<TaskEngineOptions> = {
  intervalMs: 5_000,
  minPollGapMs: 2_000,
  maxAgeMs: 3 * 60 * 60 * 1000,
  submitTimeoutMs: 30_000,
  submitGraceMs: 45_000,
  batchSize: 50,
};
