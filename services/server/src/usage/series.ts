// Usage over a quick range for the charts: billed credits and calls per hour (24 h) or UTC day (7 d, 30 d), with every
// bucket present, plus the same totals by model and by tenant. The operator reads any tenant; a tenant only itself.
import type { ServerDb } from "@waule/db/connect";
import type { UsageRange, UsageSeries } from "@waule/shared/usage-series";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const spans: Record<UsageRange, { bucket: "hour" | "day"; size: number; count: number }> = {
  "24h": { bucket: "hour", size: HOUR_MS, count: 24 },
  "7d": { bucket: "day", size: DAY_MS, count: 7 },
  "30d": { bucket: "day", size: DAY_MS, count: 30 },
};

export type SeriesFilter = { range: UsageRange; tenantId?: string; model?: string };

export async function usageSeriesOf(db: ServerDb, now: number, filter: SeriesFilter): Promise<UsageSeries> {
  const span = spans[filter.range];
  // The last bucket is the current hour or day, so the range ends with "now".
  const end = Math.floor(now / span.size) * span.size + span.size;
  const start = end - span.count * span.size;
  const where = ["u.created_at >= ?", "u.created_at < ?"];
  const args: (string | number)[] = [start, end];
  if (filter.tenantId) {
    where.push("u.tenant_id = ?");
    args.push(filter.tenantId);
  }
  if (filter.model) {
    where.push("u.model = ?");
    args.push(filter.model);
  }
  const from = `FROM usage_records u JOIN tenants t ON t.id = u.tenant_id WHERE ${where.join(" AND ")}`;
  const sums = "COUNT(*) AS calls, COALESCE(SUM(u.credits), 0) AS credits";
  const [byBucket, byModel, byTenant] = await Promise.all([
    db.$client.execute({
      sql: `SELECT CAST((u.created_at - ?) / ? AS INTEGER) AS slot, ${sums} ${from} GROUP BY slot`,
      args: [start, span.size, ...args],
    }),
    db.$client.execute({
      sql: `SELECT u.model, ${sums} ${from} GROUP BY u.model ORDER BY credits DESC, u.model`,
      args,
    }),
    db.$client.execute({
      sql: `SELECT u.tenant_id, t.name, ${sums} ${from} GROUP BY u.tenant_id ORDER BY credits DESC, t.name`,
      args,
    }),
  ]);
  const slots = new Map(
    byBucket.rows.map((r) => [Number(r.slot), { calls: Number(r.calls), credits: Number(r.credits) }]),
  );
  return {
    range: filter.range,
    bucket: span.bucket,
    points: Array.from({ length: span.count }, (_, i) => ({
      at: new Date(start + i * span.size).toISOString(),
      ...(slots.get(i) ?? { calls: 0, credits: 0 }),
    })),
    byModel: byModel.rows.map((r) => ({ model: String(r.model), calls: Number(r.calls), credits: Number(r.credits) })),
    byTenant: byTenant.rows.map((r) => ({
      tenantId: String(r.tenant_id),
      tenantName: String(r.name),
      calls: Number(r.calls),
      credits: Number(r.credits),
    })),
  };
}
