// Rows of upstream_tasks: reads, the one conditional move to a terminal state, and the shape the server reads.
import type { GatewayDb } from "@waule/db/connect";
import { type MidjourneyButtonRow, type UpstreamTaskRow, upstreamTasks } from "@waule/db/gateway";
import { AppError } from "@waule/shared/errors";
import type { StoredFile } from "@waule/shared/images";
import type { InternalTaskStatus, TaskError } from "@waule/shared/tasks";
import { and, asc, eq, inArray } from "drizzle-orm";
import { SANDBOX_PROVIDER } from "../providers/sandbox";

export const OPEN_STATUSES = ["queued", "running"] as const;

export function isOpen(row: Pick<UpstreamTaskRow, "status">): boolean {
  return row.status === "queued" || row.status === "running";
}

export async function findTask(db: GatewayDb, id: string): Promise<UpstreamTaskRow | undefined> {
  return db.query.upstreamTasks.findFirst({ where: eq(upstreamTasks.id, id) });
}

export async function findByServerTask(
  db: GatewayDb,
  tenantId: string,
  serverTaskId: string,
): Promise<UpstreamTaskRow | undefined> {
  return db.query.upstreamTasks.findFirst({
    where: and(eq(upstreamTasks.tenantId, tenantId), eq(upstreamTasks.serverTaskId, serverTaskId)),
  });
}

/**
 * The background poller's next batch: never-visited rows first, then the least recently visited, oldest
 * first among equals. The batch is stamped as visited, so rows the poller cannot advance (a CUSTOM row
 * waiting for the server's poll) rotate to the back instead of taking every slot of every pass.
 */
export async function takeOpenTasksToVisit(db: GatewayDb, limit: number, now: number): Promise<UpstreamTaskRow[]> {
  const rows = await db
    .select()
    .from(upstreamTasks)
    .where(inArray(upstreamTasks.status, [...OPEN_STATUSES]))
    // SQLite sorts NULL first in ascending order.
    .orderBy(asc(upstreamTasks.lastVisitedAt), asc(upstreamTasks.createdAt))
    .limit(limit);
  if (rows.length > 0)
    await db
      .update(upstreamTasks)
      .set({ lastVisitedAt: new Date(now) })
      .where(
        inArray(
          upstreamTasks.id,
          rows.map((r) => r.id),
        ),
      );
  return rows;
}

/** The row of a new upstream job; null when this server task already has one (a concurrent resubmit won). */
export async function insertUpstreamTask(
  db: GatewayDb,
  values: Pick<
    UpstreamTaskRow,
    "id" | "tenantId" | "serverTaskId" | "capability" | "provider" | "model" | "upstreamModel" | "storageMode"
  > & { accountId?: string },
  now: number,
): Promise<UpstreamTaskRow | null> {
  const inserted = await db
    .insert(upstreamTasks)
    .values({ ...values, createdAt: new Date(now), updatedAt: new Date(now) })
    .onConflictDoNothing()
    .returning();
  return inserted[0] ?? null;
}

/** The provider accepted the job: its id is the only link to it from here on (nothing is ever matched by prompt). */
export async function recordAccepted(
  db: GatewayDb,
  id: string,
  accepted: Pick<UpstreamTaskRow, "keyId"> & { upstreamTaskId: string } & Partial<
      Pick<UpstreamTaskRow, "provider" | "upstreamModel">
    >,
  now: number,
): Promise<void> {
  await db
    .update(upstreamTasks)
    .set({ ...accepted, updatedAt: new Date(now) })
    .where(eq(upstreamTasks.id, id));
}

/** The submit failed: the row ends failed with the mapped error (a stranger error says only `fallback`). */
export async function recordSubmitFailure(
  db: GatewayDb,
  id: string,
  err: unknown,
  fallback: string,
  now: number,
): Promise<void> {
  const error =
    err instanceof AppError
      ? { code: err.code, message: err.message }
      : { code: "upstream_unavailable", message: fallback };
  await finishTask(db, id, { status: "failed", error }, now);
}

/** Progress never goes backwards, and nothing changes once the task has ended. */
export async function recordProgress(
  db: GatewayDb,
  row: UpstreamTaskRow,
  status: "queued" | "running",
  progress: number,
  now: number,
): Promise<void> {
  const next = { status, progress: Math.max(row.progress, Math.min(99, Math.round(progress))) };
  const changed = next.status !== row.status || next.progress !== row.progress;
  await db
    .update(upstreamTasks)
    .set({ ...next, pollFailures: 0, lastPolledAt: new Date(now), ...(changed ? { updatedAt: new Date(now) } : {}) })
    .where(and(eq(upstreamTasks.id, row.id), inArray(upstreamTasks.status, [...OPEN_STATUSES])));
}

export async function recordPollFailure(db: GatewayDb, row: UpstreamTaskRow, now: number): Promise<void> {
  await db
    .update(upstreamTasks)
    .set({ pollFailures: row.pollFailures + 1, lastPolledAt: new Date(now) })
    .where(eq(upstreamTasks.id, row.id));
}

/** The only way out of queued/running; false when another poll ended the task first. */
export async function finishTask(
  db: GatewayDb,
  id: string,
  outcome:
    | { status: "succeeded"; files: StoredFile[]; buttons?: MidjourneyButtonRow[] }
    | { status: "failed"; error: TaskError },
  now: number,
): Promise<boolean> {
  const at = new Date(now);
  const values =
    outcome.status === "succeeded"
      ? {
          status: "succeeded" as const,
          progress: 100,
          files: outcome.files,
          error: null,
          ...(outcome.buttons ? { buttons: outcome.buttons } : {}),
        }
      : { status: "failed" as const, error: outcome.error };
  const done = await db
    .update(upstreamTasks)
    .set({ ...values, lastPolledAt: at, updatedAt: at, finishedAt: at })
    .where(and(eq(upstreamTasks.id, id), inArray(upstreamTasks.status, [...OPEN_STATUSES])))
    .returning({ id: upstreamTasks.id });
  return done.length === 1;
}

export function toInternalStatus(row: UpstreamTaskRow): InternalTaskStatus {
  return {
    gatewayTaskId: row.id,
    serverTaskId: row.serverTaskId,
    tenantId: row.tenantId,
    provider: row.provider,
    model: row.model,
    sandbox: row.provider === SANDBOX_PROVIDER,
    status: row.status,
    progress: row.progress,
    files: row.files ?? [],
    error: row.error ?? null,
    upstreamTaskId: row.upstreamTaskId,
    ...(row.buttons ? { buttons: row.buttons } : {}),
  };
}
