// Task rows: tenant-scoped reads, the list, and the conditional updates that make every transition happen once.

import type { ServerDb } from "@waule/db/connect";
import { type Page, readPage } from "@waule/db/paging";
import { type TaskRow, tasks } from "@waule/db/server";
import type { StoredFile } from "@waule/shared/images";
import type { Task, TaskError, TaskListQuery } from "@waule/shared/tasks";
import { and, asc, count, desc, eq, getTableColumns, inArray, type SQL, sql } from "drizzle-orm";

export const OPEN_STATUSES = ["queued", "running"] as const;

export function isOpenRow(row: Pick<TaskRow, "status">): boolean {
  return row.status === "queued" || row.status === "running";
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** Every column but the stored request, whose data: URL frames can weigh megabytes: lists never need it. */
const { request: _request, ...listColumns } = getTableColumns(tasks);

/** The stored object keys of a row's results, to sign fresh links for (storage-links). */
export function resultKeys(row: Pick<TaskRow, "result">): string[] {
  return row.result?.files.map((f) => f.key) ?? [];
}

type LinkOf = (file: { url: string; key: string }) => string;

/**
 * The row as tenants see it; the request, hold and webhook bookkeeping stay inside. `linkOf` answers each file's link
 * (a fresh one when read through the API; the stored one by default, e.g. for the webhook sent as the task ends).
 */
export function toTask(row: Omit<TaskRow, "request">, linkOf: LinkOf = (f) => f.url): Task {
  // `urls` lists the files' links: each follows its file's fresh link.
  const fresh = new Map(row.result?.files.map((f) => [f.url, linkOf(f)]) ?? []);
  return {
    id: row.id,
    object: "task",
    type: row.type,
    model: row.model,
    status: row.status,
    progress: row.progress,
    result: row.result
      ? {
          urls: row.result.urls.map((url) => fresh.get(url) ?? url),
          files: row.result.files.map((f) => ({
            url: fresh.get(f.url) ?? f.url,
            mime_type: f.mimeType,
            bytes: f.bytes,
            ...(f.width === undefined ? {} : { width: f.width }),
            ...(f.height === undefined ? {} : { height: f.height }),
            ...(f.durationSeconds === undefined ? {} : { duration_seconds: f.durationSeconds }),
          })),
          ...(row.result.buttons
            ? { buttons: row.result.buttons.map((b) => ({ custom_id: b.customId, label: b.label })) }
            : {}),
        }
      : null,
    error: row.error ?? null,
    credits: row.chargedCredits ?? null,
    created_at: seconds(row.createdAt),
    // Milliseconds would not fit the shared shape; SSE ordering only needs it to never go backwards.
    updated_at: seconds(row.updatedAt),
    finished_at: row.finishedAt ? seconds(row.finishedAt) : null,
  };
}

export async function findTaskRow(db: ServerDb, id: string): Promise<TaskRow | undefined> {
  return db.query.tasks.findFirst({ where: eq(tasks.id, id) });
}

/** Another tenant's task answers exactly like a missing one. */
export async function findTenantTask(db: ServerDb, tenantId: string, id: string): Promise<TaskRow | undefined> {
  return db.query.tasks.findFirst({ where: and(eq(tasks.id, id), eq(tasks.tenantId, tenantId)) });
}

/** A page of the tenant's task rows (without their requests), for the route to answer with fresh links. */
export async function listTenantTaskRows(
  db: ServerDb,
  tenantId: string,
  query: TaskListQuery,
): Promise<Page<Omit<TaskRow, "request">>> {
  const filters: SQL[] = [eq(tasks.tenantId, tenantId)];
  if (query.status) filters.push(eq(tasks.status, query.status));
  if (query.type) filters.push(eq(tasks.type, query.type));
  const where = and(...filters);
  const order = query.order === "asc" ? [asc(tasks.createdAt), asc(tasks.id)] : [desc(tasks.createdAt), desc(tasks.id)];
  return readPage(
    query,
    (limit, offset) =>
      db
        .select(listColumns)
        .from(tasks)
        .where(where)
        .orderBy(...order)
        .limit(limit)
        .offset(offset),
    () => db.select({ n: count() }).from(tasks).where(where),
    (row) => row,
  );
}

/**
 * The open tasks polled least recently (never-polled first), marked as polled now: with more open tasks than a
 * pass takes, successive passes go round all of them instead of asking about the oldest ones only.
 */
export async function takeOpenTasksToPoll(db: ServerDb, limit: number, now: number): Promise<TaskRow[]> {
  const rows = await db
    .select()
    .from(tasks)
    .where(inArray(tasks.status, [...OPEN_STATUSES]))
    // SQLite sorts NULL first in ascending order.
    .orderBy(asc(tasks.lastPolledAt), asc(tasks.createdAt))
    .limit(limit);
  if (rows.length > 0)
    await db
      .update(tasks)
      .set({ lastPolledAt: new Date(now) })
      .where(
        inArray(
          tasks.id,
          rows.map((r) => r.id),
        ),
      );
  return rows;
}

/** Finished tasks whose hold is still open: a process stopped between the transition and the ledger call. */
export async function listFinishedWithOpenHold(db: ServerDb, limit: number): Promise<TaskRow[]> {
  const rs = await db.$client.execute({
    sql: `SELECT t.id FROM tasks t JOIN credit_holds h ON h.id = t.hold_id
          WHERE t.status IN ('succeeded','failed','canceled') AND h.status = 'held' LIMIT ?`,
    args: [limit],
  });
  const ids = rs.rows.map((r) => String(r.id));
  return ids.length === 0 ? [] : db.select().from(tasks).where(inArray(tasks.id, ids));
}

export async function setGatewayTask(
  db: ServerDb,
  id: string,
  gatewayTaskId: string,
  provider: string,
  sandbox: boolean,
): Promise<void> {
  await db.update(tasks).set({ gatewayTaskId, provider, sandbox }).where(eq(tasks.id, id));
}

/** Progress and queued→running; returns the new row when something changed, null otherwise. */
export async function recordProgress(
  db: ServerDb,
  row: TaskRow,
  status: "queued" | "running",
  progress: number,
  now: number,
): Promise<TaskRow | null> {
  const nextStatus = row.status === "running" ? "running" : status;
  const nextProgress = Math.max(row.progress, Math.min(99, Math.round(progress)));
  if (nextStatus === row.status && nextProgress === row.progress) return null;
  const [updated] = await db
    .update(tasks)
    // max() keeps progress monotonic even when two instances write from rows read at different times.
    .set({ status: nextStatus, progress: sql`max(${tasks.progress}, ${nextProgress})`, updatedAt: new Date(now) })
    .where(and(eq(tasks.id, row.id), inArray(tasks.status, [...OPEN_STATUSES])))
    .returning();
  return updated ?? null;
}

export type Ending =
  | {
      status: "succeeded";
      files: StoredFile[];
      chargedCredits: number;
      buttons?: { customId: string; label: string }[];
    }
  | { status: "failed" | "canceled"; error: TaskError };

/**
 * The one way out of queued/running. Only the caller that gets the row back won the transition, and
 * only it settles or releases the hold; every other instance or retry gets null and does nothing.
 */
export async function endTask(
  db: ServerDb,
  id: string,
  ending: Ending,
  webhook: boolean,
  now: number,
): Promise<TaskRow | null> {
  const at = new Date(now);
  const values =
    ending.status === "succeeded"
      ? {
          status: "succeeded" as const,
          progress: 100,
          chargedCredits: ending.chargedCredits,
          result: {
            urls: ending.files.map((f) => f.url),
            files: ending.files,
            ...(ending.buttons ? { buttons: ending.buttons } : {}),
          },
        }
      : { status: ending.status, chargedCredits: 0, error: ending.error };
  const [updated] = await db
    .update(tasks)
    .set({ ...values, updatedAt: at, finishedAt: at, webhookStatus: webhook ? "pending" : null })
    .where(and(eq(tasks.id, id), inArray(tasks.status, [...OPEN_STATUSES])))
    .returning();
  return updated ?? null;
}
