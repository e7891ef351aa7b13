// Usage over time for charts (operator dashboard, a tenant's team page): credits and calls per hour or day, by model
// and by tenant, over a quick range.
import { z } from "zod";

export const usageRange = z.enum(["24h", "7d", "30d"]);
export type UsageRange = z.infer<typeof usageRange>;

export const usageSeriesQuery = z.object({
  range: usageRange.default("7d"),
  model: z.string().max(100).optional(),
  tenantId: z.string().max(100).optional(),
});
export type UsageSeriesQuery = z.infer<typeof usageSeriesQuery>;

const totals = { calls: z.number().int(), credits: z.number().int() };

export const usageSeries = z.object({
  range: usageRange,
  /** 24h is read per hour, longer ranges per UTC day. */
  bucket: z.enum(["hour", "day"]),
  /** Every bucket of the range, oldest first, zero where nothing was billed; `at` is its ISO start. */
  points: z.array(z.object({ at: z.string(), ...totals })),
  byModel: z.array(z.object({ model: z.string(), ...totals })),
  byTenant: z.array(z.object({ tenantId: z.string(), tenantName: z.string(), ...totals })),
});
export type UsageSeries = z.infer<typeof usageSeries>;
