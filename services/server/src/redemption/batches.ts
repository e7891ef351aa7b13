// Operators' side of redemption codes: generate a batch (codes answered once, hashes stored), list, disable, export.
import type { ServerDb } from "@waule/db/connect";
import { type Admin, adminAudit, redemptionBatches, redemptionCodes } from "@waule/db/server";
import type { Clock, Ids } from "@waule/shared/clock";
import { AppError } from "@waule/shared/errors";
import type {
  RedemptionBatchCreated,
  RedemptionBatchPage,
  RedemptionBatchQuery,
  RedemptionBatchRequest,
  RedemptionBatchState,
  RedemptionBatchView,
} from "@waule/shared/redemption";
import { eq } from "drizzle-orm";
import { type Cell, type CsvPage, csvResponse } from "../http/csv";
import { generateCode, hashCode, normalizeCode, prefixOf } from "./codes";

type Ctx = { db: ServerDb; clock: Clock; ids: Ids };
type Row = Record<string, unknown>;

// One state for lists, filters and exports; a disabled batch stays "disabled" even once it has expired.
const stateSql = (now: number) => `CASE
  WHEN b.disabled_at IS NOT NULL THEN 'disabled'
  WHEN b.expires_at IS NOT NULL AND b.expires_at <= ${Number(now)} THEN 'expired'
  WHEN (SELECT COUNT(*) FROM redemption_codes c WHERE c.batch_id = b.id AND c.uses < c.max_uses) = 0 THEN 'used_up'
  ELSE 'active' END`;

const batchColumns = (now: number) => `b.*,
  (SELECT COALESCE(SUM(c.uses), 0) FROM redemption_codes c WHERE c.batch_id = b.id) AS uses,
  (SELECT COUNT(*) FROM redemption_codes c WHERE c.batch_id = b.id AND c.uses >= c.max_uses) AS codes_used_up,
  ${stateSql(now)} AS state`;

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(Number(v)).toISOString());

function toView(r: Row): RedemptionBatchView {
  return {
    id: String(r.id),
    credits: Number(r.credits),
    max_uses: Number(r.max_uses),
    code_count: Number(r.code_count),
    uses: Number(r.uses),
    codes_used_up: Number(r.codes_used_up),
    note: r.note === null ? null : String(r.note),
    state: String(r.state) as RedemptionBatchState,
    expires_at: iso(r.expires_at),
    validity_days: r.validity_days === null || r.validity_days === undefined ? null : Number(r.validity_days),
    disabled_at: iso(r.disabled_at),
    created_by: String(r.created_by),
    created_at: iso(r.created_at) ?? "",
  };
}

export async function getBatch(db: ServerDb, id: string, now: number): Promise<RedemptionBatchView> {
  const rs = await db.$client.execute({
    sql: `SELECT ${batchColumns(now)} FROM redemption_batches b WHERE b.id = ?`,
    args: [id],
  });
  const row = rs.rows[0];
  if (!row) throw new AppError("not_found", `redemption batch ${id} not found`);
  return toView(row);
}

/** The batch, its codes (hashes only) and its audit row in one transaction; the codes exist in plain text only in the answer. */
export async function createBatch(
  ctx: Ctx,
  admin: Pick<Admin, "id" | "username">,
  input: RedemptionBatchRequest,
): Promise<RedemptionBatchCreated> {
  const now = ctx.clock.now();
  const expiresAt = input.expires_at ? new Date(input.expires_at) : null;
  if (expiresAt && expiresAt.getTime() <= now)
    throw new AppError("invalid_request", "expires_at must be in the future", { field: "expires_at" });
  const id = ctx.ids.make("rcb");
  const codes = new Set<string>();
  while (codes.size < input.count) codes.add(generateCode());
  const rows = [...codes].map((code) => {
    const body = normalizeCode(code) ?? "";
    return {
      codeHash: hashCode(body),
      batchId: id,
      prefix: prefixOf(body),
      maxUses: input.max_uses,
      createdAt: new Date(now),
    };
  });
  await ctx.db.batch([
    ctx.db.insert(redemptionBatches).values({
      id,
      credits: input.credits,
      maxUses: input.max_uses,
      codeCount: input.count,
      note: input.note || null,
      expiresAt,
      validityDays: input.validity_days ?? null,
      createdBy: admin.username,
      createdAt: new Date(now),
    }),
    ctx.db.insert(redemptionCodes).values(rows),
    ctx.db.insert(adminAudit).values({
      adminId: admin.id,
      adminUsername: admin.username,
      action: "redemption.create",
      targetType: "redemption_batch",
      targetId: id,
      details: {
        count: input.count,
        credits: input.credits,
        maxUses: input.max_uses,
        expiresAt: input.expires_at ?? null,
        validityDays: input.validity_days ?? null,
        note: input.note ?? null,
      },
      createdAt: new Date(now),
    }),
  ]);
  return { batch: await getBatch(ctx.db, id, now), codes: [...codes] };
}

export async function listBatches(
  db: ServerDb,
  query: RedemptionBatchQuery,
  now: number,
): Promise<RedemptionBatchPage> {
  const where = query.state ? `WHERE (${stateSql(now)}) = ?` : "";
  const args = query.state ? [query.state] : [];
  const order = query.order === "asc" ? "ASC" : "DESC";
  const [rows, total] = await Promise.all([
    db.$client.execute({
      sql: `SELECT ${batchColumns(now)} FROM redemption_batches b ${where}
            ORDER BY b.created_at ${order}, b.id ${order} LIMIT ? OFFSET ?`,
      args: [...args, query.limit, (query.page - 1) * query.limit],
    }),
    db.$client.execute({ sql: `SELECT COUNT(*) AS n FROM redemption_batches b ${where}`, args }),
  ]);
  return { data: rows.rows.map(toView), page: query.page, limit: query.limit, total: Number(total.rows[0]?.n ?? 0) };
}

/** Disabling is final and idempotent; codes of a disabled batch are refused like unknown ones. */
export async function disableBatch(
  ctx: Pick<Ctx, "db" | "clock">,
  admin: Pick<Admin, "id" | "username">,
  id: string,
): Promise<RedemptionBatchView> {
  const now = ctx.clock.now();
  const before = await getBatch(ctx.db, id, now);
  if (before.disabled_at === null) {
    await ctx.db.batch([
      ctx.db
        .update(redemptionBatches)
        .set({ disabledAt: new Date(now) })
        .where(eq(redemptionBatches.id, id)),
      ctx.db.insert(adminAudit).values({
        adminId: admin.id,
        adminUsername: admin.username,
        action: "redemption.disable",
        targetType: "redemption_batch",
        targetId: id,
        details: { uses: before.uses },
        createdAt: new Date(now),
      }),
    ]);
  }
  return getBatch(ctx.db, id, now);
}

const EXPORT_PAGE = 500;

/**
 * One row per code: the codes themselves were shown once and are not stored, so the export is for accounting
 * (which code of which batch was used how often, and its state), not for handing codes out again.
 */
export async function batchExport(db: ServerDb, id: string, now: number): Promise<Response> {
  const batch = await getBatch(db, id, now);
  const header = ["batch_id", "code_prefix", "credits", "uses", "max_uses", "state", "expires_at", "last_used_at"];
  const read = async (after: string | null): Promise<CsvPage<string>> => {
    const rs = await db.$client.execute({
      sql: `SELECT code_hash, prefix, uses, max_uses, last_used_at FROM redemption_codes
            WHERE batch_id = ? AND code_hash > ? ORDER BY code_hash LIMIT ?`,
      args: [id, after ?? "", EXPORT_PAGE],
    });
    const rows: Cell[][] = rs.rows.map((r) => {
      const usedUp = Number(r.uses) >= Number(r.max_uses);
      const state =
        batch.state === "active" || batch.state === "used_up" ? (usedUp ? "used_up" : "active") : batch.state;
      return [
        batch.id,
        String(r.prefix),
        batch.credits,
        Number(r.uses),
        Number(r.max_uses),
        state,
        batch.expires_at,
        iso(r.last_used_at),
      ];
    });
    const last = rs.rows.at(-1);
    return { rows, next: rs.rows.length === EXPORT_PAGE && last ? String(last.code_hash) : null };
  };
  return csvResponse(`${batch.id}.csv`, header, read);
}
