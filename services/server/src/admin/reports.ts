// Operator reads across every tenant: the dashboard, usage per tenant/model/day, and all tasks.

import type { ServerDb } from "@waule/db/connect";
import { readPage } from "@waule/db/paging";
import { tasks, tenants } from "@waule/db/server";
import type {
  AdminDashboard,
  AdminTaskPage,
  AdminTaskQuery,
  UsageSummary,
  UsageSummaryQuery,
} from "@waule/shared/admin";
import { and, asc, count, desc, eq, or, type SQL } from "drizzle-orm";
import { containsText } from "./tenants";

const DAY_MS = 86_400_000;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function dashboard(db: ServerDb, now: number): Promise<AdminDashboard> {
  const day = utcDay(now);
  const start = Date.parse(day);
  const t = await db.$client.execute(
    "SELECT COUNT(*) AS n, SUM(is_active) AS active, COALESCE(SUM(credits), 0) AS credits FROM tenants",
  );
  const u = await db.$client.execute({
    sql: "SELECT COUNT(*) AS calls, COALESCE(SUM(credits), 0) AS credits FROM usage_records WHERE created_at >= ? AND created_at < ?",
    args: [start, start + DAY_MS],
  });
  const tr = t.rows[0];
  const ur = u.rows[0];
  return {
    tenants: Number(tr?.n ?? 0),
    activeTenants: Number(tr?.active ?? 0),
    creditsOutstanding: Number(tr?.credits ?? 0),
    today: { day, calls: Number(ur?.calls ?? 0), credits: Number(ur?.credits ?? 0) },
  };
}

/** Billed calls grouped by UTC day, tenant and model, `from`..`to` inclusive. */
export async function usageSummary(db: ServerDb, query: UsageSummaryQuery): Promise<UsageSummary> {
  const start = Date.parse(query.from);
  const end = Date.parse(query.to) + DAY_MS;
  const filters = ["u.created_at >= ?", "u.created_at < ?"];
  const args: (string | number)[] = [start, end];
  if (query.tenantId) {
    filters.push("u.tenant_id = ?");
    args.push(query.tenantId);
  }
  if (query.model) {
    filters.push("u.model = ?");
    args.push(query.model);
  }
  const rs = await db.$client.execute({
    sql: `SELECT strftime('%Y-%m-%d', u.created_at / 1000, 'unixepoch') AS day, u.tenant_id, t.name AS tenant_name, u.model,
                 COUNT(*) AS calls, SUM(u.credits) AS credits
          FROM usage_records u JOIN tenants t ON t.id = u.tenant_id
          WHERE ${filters.join(" AND ")}
          GROUP BY day, u.tenant_id, u.model
          ORDER BY day DESC, credits DESC, u.tenant_id, u.model`,
    args,
  });
  const data = rs.rows.map((r) => ({
    day: String(r.day),
    tenantId: String(r.tenant_id),
    tenantName: String(r.tenant_name),
    model: String(r.model),
    calls: Number(r.calls),
    credits: Number(r.credits),
  }));
  return {
    data,
    totals: data.reduce((s, r) => ({ calls: s.calls + r.calls, credits: s.credits + r.credits }), {
      calls: 0,
      credits: 0,
    }),
  };
}

export async function listAllTasks(db: ServerDb, query: AdminTaskQuery): Promise<AdminTaskPage> {
  const filters: SQL[] = [];
  if (query.status) filters.push(eq(tasks.status, query.status));
  if (query.tenantId) filters.push(eq(tasks.tenantId, query.tenantId));
  if (query.type) filters.push(eq(tasks.type, query.type));
  if (query.q) filters.push(or(containsText(tasks.id, query.q), containsText(tasks.model, query.q)) as SQL);
  const where = filters.length ? and(...filters) : undefined;
  const order = query.order === "asc" ? [asc(tasks.createdAt), asc(tasks.id)] : [desc(tasks.createdAt), desc(tasks.id)];
  return readPage(
    query,
    (limit, offset) =>
      db
        .select({ task: tasks, tenantName: tenants.name })
        .from(tasks)
        .innerJoin(tenants, eq(tenants.id, tasks.tenantId))
        .where(where)
        .orderBy(...order)
        .limit(limit)
        .offset(offset),
    () => db.select({ n: count() }).from(tasks).where(where),
    ({ task, tenantName }) => ({
      id: task.id,
      tenantId: task.tenantId,
      tenantName,
      type: task.type,
      model: task.model,
      status: task.status,
      progress: task.progress,
      heldCredits: task.heldCredits,
      chargedCredits: task.chargedCredits,
      error: task.error ?? null,
      createdAt: task.createdAt.toISOString(),
      finishedAt: task.finishedAt?.toISOString() ?? null,
    }),
  );
}
