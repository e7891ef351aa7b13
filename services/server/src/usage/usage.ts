// Usage records: one row per billed call, always read within one tenant. Rows are written only by
// the ledger's settleHold, in the same batch that closes the hold (so a settled hold has exactly one).
// Read back with what History shows: who made the call, its prompt and its stored results.

import type { ServerDb } from "@waule/db/connect";
import { readPage } from "@waule/db/paging";
import { type TaskRow, tasks, tenantUsers, type UsageRow, usageRecords } from "@waule/db/server";
import type { UsagePage, UsageQuery, UsageRecord, UsageResult } from "@waule/shared/account";
import { and, asc, count, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { freshLinks, type LinkDeps } from "../storage-links";

export type UsageScope = { tenantId: string /** Set for a member: only their own calls. */; onlyUserId: string | null };

/** A stored result with the object key its fresh link is signed from (absent on rows written before keys were kept). */
type KeyedResult = UsageResult & { key?: string };

/** The object keys beside the files: images keep `fileKeys` in file order, speech its one `fileKey`. */
function metadataKeys(metadata: Record<string, unknown>): unknown[] {
  if (Array.isArray(metadata.fileKeys)) return metadata.fileKeys;
  return typeof metadata.fileKey === "string" ? [metadata.fileKey] : [];
}

/** Images and speech keep their prompt and files on the usage row; a task's come from the task row itself. */
function resultsOf(metadata: Record<string, unknown> | null, task: TaskRow | null): KeyedResult[] {
  if (task?.result) return task.result.files.map((f) => ({ url: f.url, mimeType: f.mimeType, key: f.key }));
  const files = metadata?.files;
  if (!metadata || !Array.isArray(files)) return [];
  const keys = metadataKeys(metadata);
  return files.flatMap((f, i) => {
    if (!f || typeof f !== "object" || typeof f.url !== "string" || typeof f.mimeType !== "string") return [];
    const key = keys[i];
    return [{ url: f.url, mimeType: f.mimeType, ...(typeof key === "string" ? { key } : {}) }];
  });
}

function promptOf(metadata: Record<string, unknown> | null, task: TaskRow | null): string | null {
  const prompt = task ? task.request.prompt : metadata?.prompt;
  return typeof prompt === "string" && prompt !== "" ? prompt : null;
}

function toRecord(
  r: UsageRow,
  username: string | null,
  task: TaskRow | null,
): Omit<UsageRecord, "results"> & { results: KeyedResult[] } {
  const metadata = r.metadata ?? null;
  return {
    id: r.id,
    userId: r.userId,
    model: r.model,
    operation: r.operation,
    credits: r.credits,
    requestId: r.requestId,
    metadata,
    createdAt: r.createdAt.toISOString(),
    username,
    prompt: promptOf(metadata, task),
    results: resultsOf(metadata, task),
  };
}

/** The page with every result's link signed now from its key, so History opens work of any age. */
export async function listUsage(deps: LinkDeps, scope: UsageScope, query: UsageQuery): Promise<UsagePage> {
  const page = await readUsage(deps.db, scope, query);
  const linkOf = await freshLinks(
    deps,
    scope.tenantId,
    page.data.flatMap((r) => r.results.map((f) => f.key)),
  );
  return {
    ...page,
    data: page.data.map((r) => ({
      ...r,
      results: r.results.map((f) => ({ url: linkOf(f), mimeType: f.mimeType })),
    })),
  };
}

async function readUsage(db: ServerDb, scope: UsageScope, query: UsageQuery) {
  const filters: SQL[] = [eq(usageRecords.tenantId, scope.tenantId)];
  const userId = scope.onlyUserId ?? query.userId;
  if (userId) filters.push(eq(usageRecords.userId, userId));
  if (query.operation) filters.push(eq(usageRecords.operation, query.operation));
  if (query.model) filters.push(eq(usageRecords.model, query.model));
  if (query.from) filters.push(gte(usageRecords.createdAt, new Date(query.from)));
  if (query.to) filters.push(lt(usageRecords.createdAt, new Date(query.to)));
  const where = and(...filters);
  const order =
    query.order === "asc"
      ? [asc(usageRecords.createdAt), asc(usageRecords.id)]
      : [desc(usageRecords.createdAt), desc(usageRecords.id)];
  return readPage(
    query,
    (limit, offset) =>
      db
        .select({ usage: usageRecords, username: tenantUsers.username, task: tasks })
        .from(usageRecords)
        .leftJoin(tenantUsers, eq(tenantUsers.id, usageRecords.userId))
        // A task's usage row carries the task id as its request id (tasks/lifecycle.ts).
        .leftJoin(tasks, and(eq(tasks.id, usageRecords.requestId), eq(tasks.tenantId, usageRecords.tenantId)))
        .where(where)
        .orderBy(...order)
        .limit(limit)
        .offset(offset),
    () => db.select({ n: count() }).from(usageRecords).where(where),
    (r) => toRecord(r.usage, r.username, r.task),
  );
}
