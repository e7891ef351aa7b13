// The server's /metrics: the shared request metrics, plus gauges read from the database only when scraped
// (holds open and the credits they hold, tasks by type and state), so requests pay nothing for them.
import { createServiceMetrics, metricsAccess, type ServiceMetrics } from "@waule/shared/metrics";
import { Gauge } from "prom-client";
import type { ServerDeps } from "../deps";

export function createServerMetrics(deps: Pick<ServerDeps, "db" | "config">): ServiceMetrics {
  const metrics = createServiceMetrics("server", metricsAccess(deps.config.NODE_ENV, deps.config.METRICS_TOKEN));
  const registers = [metrics.registry];
  const sql = (text: string) => deps.db.$client.execute(text);

  const openHolds = async (column: string) => {
    const rs = await sql(`SELECT ${column} AS v FROM credit_holds WHERE status = 'held'`);
    return Number(rs.rows[0]?.v ?? 0);
  };
  new Gauge({
    name: "waule_holds_open",
    help: "Credit holds not yet settled or released",
    registers,
    async collect() {
      this.set(await openHolds("COUNT(*)"));
    },
  });
  new Gauge({
    name: "waule_held_credits",
    help: "Credits held by open holds",
    registers,
    async collect() {
      this.set(await openHolds("COALESCE(SUM(amount), 0)"));
    },
  });
  new Gauge({
    name: "waule_tasks",
    help: "Tasks by type and state",
    labelNames: ["type", "status"],
    registers,
    async collect() {
      const rs = await sql("SELECT type, status, COUNT(*) AS n FROM tasks GROUP BY type, status");
      this.reset();
      for (const row of rs.rows) this.set({ type: String(row.type), status: String(row.status) }, Number(row.n));
    },
  });
  // The ledger's group commit (db/src/statements.ts): how many commits, how many fsynced, how many write units in them.
  new Gauge({
    name: "waule_db_group_commits",
    help: "Commits of the hot path's group commit since start, by whether they were fsynced",
    labelNames: ["sync"],
    registers,
    collect() {
      const counts = deps.db.$sql.counts;
      this.set({ sync: "fsynced" }, counts.durableCommits);
      this.set({ sync: "deferred" }, counts.commits - counts.durableCommits);
    },
  });
  new Gauge({
    name: "waule_db_group_commit_units",
    help: "Write units (a hold, a settle…) committed by the group commit since start",
    registers,
    collect() {
      this.set(deps.db.$sql.counts.units);
    },
  });
  return metrics;
}
