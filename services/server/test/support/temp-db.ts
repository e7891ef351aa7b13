// A real libSQL file in a fresh temp directory, migrated and seeded like a started server's.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openServerDb, type ServerDb } from "@waule/db/connect";
import { seedSandboxModels } from "../../src/models/catalogue";

export type TempDb = { db: ServerDb; url: string; dir: string; close(): Promise<void> };

export async function openTempDb(): Promise<TempDb> {
  const dir = await mkdtemp(join(tmpdir(), "waule-server-"));
  const url = `file:${join(dir, "server.db")}`;
  const db = await openServerDb({ url });
  await seedSandboxModels(db, Date.now());
  return {
    db,
    url,
    dir,
    async close() {
      db.$client.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The tenant's balance and the sum of its ledger — equal at all times if the ledger is right. */
export async function balanceAndLedgerSum(
  db: ServerDb,
  tenantId: string,
): Promise<{ balance: number; ledgerSum: number }> {
  const b = await db.$client.execute({ sql: "SELECT credits FROM tenants WHERE id = ?", args: [tenantId] });
  const s = await db.$client.execute({
    sql: "SELECT COALESCE(SUM(amount), 0) AS total FROM credit_ledger WHERE tenant_id = ?",
    args: [tenantId],
  });
  return { balance: Number(b.rows[0]?.credits), ledgerSum: Number(s.rows[0]?.total) };
}

/** Row counts of every table a request could write to, to prove a refused request wrote nothing. */
export async function tableCounts(db: ServerDb): Promise<Record<string, number>> {
  const tables = [
    "tenants",
    "tenant_api_keys",
    "tenant_users",
    "credit_ledger",
    "credit_holds",
    "usage_records",
    "idempotency_keys",
    "redemption_uses",
    "tenant_events",
  ];
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const rs = await db.$client.execute(`SELECT COUNT(*) AS n FROM ${t}`);
    counts[t] = Number(rs.rows[0]?.n);
  }
  return counts;
}

/** A snapshot of the mutable columns too (balances, lastUsedAt), not just row counts. */
export async function stateSnapshot(db: ServerDb): Promise<string> {
  const keys = await db.$client.execute("SELECT id, last_used_at, revoked_at FROM tenant_api_keys ORDER BY id");
  const tenants = await db.$client.execute("SELECT id, credits, updated_at FROM tenants ORDER BY id");
  const users = await db.$client.execute("SELECT id, last_login_at FROM tenant_users ORDER BY id");
  return JSON.stringify({ counts: await tableCounts(db), keys: keys.rows, tenants: tenants.rows, users: users.rows });
}
