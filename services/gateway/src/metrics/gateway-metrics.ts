// The gateway's /metrics: the shared request metrics, upstream latency by provider (observed by the request log),
// and gauges read from the database only when scraped: upstream tasks by state and the key pool's state.
import type { GatewayDb } from "@waule/db/connect";
import { createServiceMetrics, metricsAccess, type ServiceMetrics } from "@waule/shared/metrics";
import { Gauge, Histogram } from "prom-client";

/** What the request log reports of each upstream call. */
export type UpstreamMetrics = {
  observeUpstream(call: { provider: string; capability: string; outcome: "ok" | "error" }, seconds: number): void;
};

export type GatewayMetrics = ServiceMetrics & UpstreamMetrics;

const UPSTREAM_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export function createGatewayMetrics(deps: {
  db: GatewayDb;
  config: { env: string; metricsToken?: string };
  clock: { now(): number };
}): GatewayMetrics {
  const metrics = createServiceMetrics("gateway", metricsAccess(deps.config.env, deps.config.metricsToken));
  const registers = [metrics.registry];
  const sql = (text: string, args: (string | number)[] = []) => deps.db.$client.execute({ sql: text, args });

  const upstream = new Histogram({
    name: "waule_upstream_duration_seconds",
    help: "Latency of calls to providers, by provider, capability and outcome",
    labelNames: ["provider", "capability", "outcome"],
    buckets: UPSTREAM_BUCKETS,
    registers,
  });
  new Gauge({
    name: "waule_upstream_tasks",
    help: "Upstream tasks by capability and state",
    labelNames: ["capability", "status"],
    registers,
    async collect() {
      const rs = await sql("SELECT capability, status, COUNT(*) AS n FROM upstream_tasks GROUP BY capability, status");
      this.reset();
      for (const row of rs.rows)
        this.set({ capability: String(row.capability), status: String(row.status) }, Number(row.n));
    },
  });
  new Gauge({
    name: "waule_provider_keys",
    help: "Provider keys of the pool by provider and state (usable, cooling down, disabled)",
    labelNames: ["provider", "state"],
    registers,
    async collect() {
      const rs = await sql(
        `SELECT provider,
                CASE WHEN enabled = 0 THEN 'disabled'
                     WHEN cooldown_until IS NOT NULL AND cooldown_until > ? THEN 'cooling_down'
                     ELSE 'usable' END AS state,
                COUNT(*) AS n
           FROM provider_keys GROUP BY 1, 2`,
        [deps.clock.now()],
      );
      this.reset();
      for (const row of rs.rows) this.set({ provider: String(row.provider), state: String(row.state) }, Number(row.n));
    },
  });
  return {
    ...metrics,
    observeUpstream(call, seconds) {
      upstream.observe(call, seconds);
    },
  };
}
