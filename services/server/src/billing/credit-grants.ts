// Credit grants: credits that expire, recorded in the batch that adds them, and read back for the tenant's credits page.
import type { ServerDb } from "@waule/db/connect";
import type { Stmt } from "./ledger";

/**
 * The grant of credits a batch just added. Must follow the statement that justified them (the order's move to
 * credited): the grant is written only `WHERE changes() = 1`. Its ledger row is the tenant's newest one (the batch
 * wrote it just before), and the tenant's expiry cursor starts there if it had none: older spending used no grant.
 */
export function grantStatements(input: {
  tenantId: string;
  source: "purchase" | "redeem";
  sourceId: string;
  credits: number;
  expiresAt: number;
  now: number;
}): Stmt[] {
  const { tenantId, source, sourceId, credits, expiresAt, now } = input;
  const newestSeq = "(SELECT MAX(seq) FROM credit_ledger WHERE tenant_id = ?)";
  return [
    {
      sql: `INSERT INTO credit_grants (id, tenant_id, source, source_id, credits, remaining, ledger_seq, expires_at, status, created_at)
            SELECT ?, ?, ?, ?, ?, ?, ${newestSeq}, ?, 'live', ? WHERE changes() = 1`,
      args: [`grant_${source}_${sourceId}`, tenantId, source, sourceId, credits, credits, tenantId, expiresAt, now],
    },
    {
      sql: `INSERT INTO credit_grant_cursors (tenant_id, seq, token, updated_at)
            SELECT ?, ledger_seq, NULL, ? FROM credit_grants WHERE source = ? AND source_id = ?
            ON CONFLICT (tenant_id) DO NOTHING`,
      args: [tenantId, now, source, sourceId],
    },
  ];
}

export type ExpiringCredits = { id: string; credits: number; remaining: number; expiresAt: Date; source: string };

/** A tenant's grants still holding credits, soonest expiry first (as of the sweep's last pass). */
export async function listExpiringCredits(db: ServerDb, tenantId: string): Promise<ExpiringCredits[]> {
  const rs = await db.$client.execute({
    sql: `SELECT id, credits, remaining, expires_at, source FROM credit_grants
          WHERE tenant_id = ? AND status = 'live' AND remaining > 0 ORDER BY expires_at, id LIMIT 50`,
    args: [tenantId],
  });
  return rs.rows.map((r) => ({
    id: String(r.id),
    credits: Number(r.credits),
    remaining: Number(r.remaining),
    expiresAt: new Date(Number(r.expires_at)),
    source: String(r.source),
  }));
}
