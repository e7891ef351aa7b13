// Frees Idempotency-Keys left 'pending' by a request whose process stopped, so the client can retry with them.
import type { ServerDb } from "@waule/db/connect";

/** A pending key past its lease, or older than `graceMs`, cannot belong to a live request. Returns how many were freed. */
export async function releaseStalePendingKeys(ctx: { db: ServerDb; now: number }, graceMs: number): Promise<number> {
  const rs = await ctx.db.$client.execute({
    sql: "DELETE FROM idempotency_keys WHERE status = 'pending' AND (created_at < ? OR lease_until < ?)",
    args: [ctx.now - graceMs, ctx.now],
  });
  return rs.rowsAffected;
}
