// /usage?from=YYYY-MM-DD&to=YYYY-MM-DD&provider=: requests, errors and latency per day, provider and key.
import { AppError } from "@waule/shared/errors";
import { Hono } from "hono";
import { z } from "zod";
import { validate } from "../http/validate";
import type { ManagementDeps } from "./deps";
import { usageReport } from "./usage-report";

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;
const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD")
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "not a date");
const usageQuery = z.object({
  from: isoDay.optional(),
  to: isoDay.optional(),
  provider: z.string().min(1).max(40).optional(),
});

function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

export function usageRoutes(deps: ManagementDeps) {
  return new Hono().get("/", validate("query", usageQuery), async (c) => {
    const q = c.req.valid("query");
    // Days are UTC and both ends inclusive; the default is the last 30 days up to today.
    const toStart = q.to ? dayStart(q.to) : Math.floor(deps.clock.now() / DAY_MS) * DAY_MS;
    const fromStart = q.from ? dayStart(q.from) : toStart - 29 * DAY_MS;
    if (fromStart > toStart) throw new AppError("invalid_request", "from: must not be after to");
    if ((toStart - fromStart) / DAY_MS + 1 > MAX_DAYS)
      throw new AppError("invalid_request", `from: the range may span at most ${MAX_DAYS} days`);
    const report = await usageReport(deps.db, {
      fromMs: fromStart,
      toMsExclusive: toStart + DAY_MS,
      provider: q.provider,
    });
    return c.json({
      from: new Date(fromStart).toISOString().slice(0, 10),
      to: new Date(toStart).toISOString().slice(0, 10),
      ...report,
    });
  });
}
