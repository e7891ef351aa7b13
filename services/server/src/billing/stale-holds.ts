// Releases holds whose request died (the process stopped mid-call): still 'held' long after any request could be running.
import type { ServerDb } from "@waule/db/connect";
import { releaseHold } from "./ledger";

/**
 * Holds that belong to a task are left alone: the task runner closes them when the task ends (or
 * its deadline passes). A sync call's hold whose lease has run out lost its process and is given back
 * (leases/request-lease.ts); anything older than `graceMs` is given back too, whatever its lease says.
 * Returns the ids released.
 */
export async function releaseStaleHolds(
  ctx: { db: ServerDb; now: number },
  graceMs: number,
  limit = 100,
): Promise<string[]> {
  const rs = await ctx.db.$client.execute({
    sql: `SELECT h.id FROM credit_holds h
          WHERE h.status = 'held' AND (h.created_at < ? OR h.lease_until < ?)
            AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.hold_id = h.id)
          ORDER BY h.created_at LIMIT ?`,
    args: [ctx.now - graceMs, ctx.now, limit],
  });
  const released: string[] = [];
  for (const row of rs.rows) {
    const id = String(row.id);
    if (await releaseHold(ctx, id)) released.push(id);
  }
  return released;
}
