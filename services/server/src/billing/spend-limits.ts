// The spending limits a hold must pass besides the balance: the API key's quotas (total, per month) and the
// member's caps (per day, per month). They live in the hold's own conditional update (a clause of its WHERE), and
// the spent counters move in the same batch, so two racing holds can never both pass a limit only one fits in.
// Counters hold what is reserved or charged in the period; a settle or release gives its refund back to the
// period the hold was taken in (a refund after the period rolled over changes nothing there).
import type { ServerDb } from "@waule/db/connect";
import { AppError } from "@waule/shared/errors";

type Stmt = { sql: string; args: (string | number | null)[] };

/** Who is spending: the API key of the call, and the tenant member behind it (either may be absent). */
export type Spender = { apiKeyId: string | null; userId: string | null };

const DAY_MS = 86_400_000;
/** The UTC day last asked for: a hold asks two or three times, and every call of a day has the same answer. */
let lastDay: { start: number; periods: { day: string; month: string } } | null = null;

/** UTC periods a counter is kept for. */
export function spendPeriods(now: number): { day: string; month: string } {
  const start = now - (((now % DAY_MS) + DAY_MS) % DAY_MS);
  if (lastDay?.start !== start) {
    const iso = new Date(start).toISOString();
    lastDay = { start, periods: Object.freeze({ day: iso.slice(0, 10), month: iso.slice(0, 7) }) };
  }
  return lastDay.periods;
}

/** The WHERE clauses added to `UPDATE tenants … WHERE id = ? AND credits >= ?` (empty for an unlimited caller). */
export function limitClauses(spender: Spender | undefined, amount: number, now: number): Stmt {
  const { day, month } = spendPeriods(now);
  const parts: string[] = [];
  const args: (string | number)[] = [];
  if (spender?.apiKeyId) {
    parts.push(`EXISTS (SELECT 1 FROM tenant_api_keys k WHERE k.id = ? AND k.tenant_id = tenants.id
      AND (k.quota_total IS NULL OR k.spent_total + ? <= k.quota_total)
      AND (k.quota_monthly IS NULL OR (CASE WHEN k.spent_month = ? THEN k.spent_month_credits ELSE 0 END) + ? <= k.quota_monthly))`);
    args.push(spender.apiKeyId, amount, month, amount);
  }
  if (spender?.userId) {
    parts.push(`EXISTS (SELECT 1 FROM tenant_users u WHERE u.id = ? AND u.tenant_id = tenants.id
      AND (u.cap_daily IS NULL OR (CASE WHEN u.spent_day = ? THEN u.spent_day_credits ELSE 0 END) + ? <= u.cap_daily)
      AND (u.cap_monthly IS NULL OR (CASE WHEN u.spent_month = ? THEN u.spent_month_credits ELSE 0 END) + ? <= u.cap_monthly))`);
    args.push(spender.userId, day, amount, month, amount);
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(""), args };
}

/** Counter updates after the hold's ledger row; each acts only when the statement before it changed a row. */
export function spendStatements(spender: Spender | undefined, amount: number, now: number): Stmt[] {
  const { day, month } = spendPeriods(now);
  const out: Stmt[] = [];
  if (spender?.apiKeyId) {
    out.push({
      sql: `UPDATE tenant_api_keys SET spent_total = spent_total + ?,
              spent_month_credits = CASE WHEN spent_month = ? THEN spent_month_credits + ? ELSE ? END, spent_month = ?
            WHERE id = ? AND changes() = 1`,
      args: [amount, month, amount, amount, month, spender.apiKeyId],
    });
  }
  if (spender?.userId) {
    out.push({
      sql: `UPDATE tenant_users SET
              spent_day_credits = CASE WHEN spent_day = ? THEN spent_day_credits + ? ELSE ? END, spent_day = ?,
              spent_month_credits = CASE WHEN spent_month = ? THEN spent_month_credits + ? ELSE ? END, spent_month = ?
            WHERE id = ? AND changes() = 1`,
      args: [day, amount, amount, day, month, amount, amount, month, spender.userId],
    });
  }
  return out;
}

/** Gives a closed hold's refund back to the counters of the period it was held in (runs after the close's rows). */
export function refundStatements(spender: Spender, refund: number, heldAt: number): Stmt[] {
  if (refund <= 0) return [];
  const { day, month } = spendPeriods(heldAt);
  const out: Stmt[] = [];
  if (spender.apiKeyId) {
    out.push({
      sql: `UPDATE tenant_api_keys SET spent_total = MAX(0, spent_total - ?),
              spent_month_credits = CASE WHEN spent_month = ? THEN MAX(0, spent_month_credits - ?) ELSE spent_month_credits END
            WHERE id = ? AND changes() = 1`,
      args: [refund, month, refund, spender.apiKeyId],
    });
  }
  if (spender.userId) {
    out.push({
      sql: `UPDATE tenant_users SET
              spent_day_credits = CASE WHEN spent_day = ? THEN MAX(0, spent_day_credits - ?) ELSE spent_day_credits END,
              spent_month_credits = CASE WHEN spent_month = ? THEN MAX(0, spent_month_credits - ?) ELSE spent_month_credits END
            WHERE id = ? AND changes() = 1`,
      args: [day, refund, month, refund, spender.userId],
    });
  }
  return out;
}

const remaining = (cap: unknown, spent: number) => (cap === null ? null : Math.max(0, Number(cap) - spent));

/**
 * Why a hold the balance could pay was refused: read only on the refusal path, so the hold itself stays one batch.
 * Throws the limit's error, or returns when no limit explains it (the caller reports the balance).
 */
export async function explainLimitRefusal(
  db: ServerDb,
  tenantId: string,
  spender: Spender | undefined,
  amount: number,
  now: number,
): Promise<void> {
  const { day, month } = spendPeriods(now);
  if (spender?.apiKeyId) {
    const rs = await db.$client.execute({
      sql: `SELECT quota_total, quota_monthly, spent_total,
              CASE WHEN spent_month = ? THEN spent_month_credits ELSE 0 END AS month_spent
            FROM tenant_api_keys WHERE id = ? AND tenant_id = ?`,
      args: [month, spender.apiKeyId, tenantId],
    });
    const k = rs.rows[0];
    if (!k) throw new AppError("unauthorized", "invalid API key");
    const total = remaining(k.quota_total, Number(k.spent_total));
    const monthly = remaining(k.quota_monthly, Number(k.month_spent));
    if ((total !== null && amount > total) || (monthly !== null && amount > monthly)) {
      const which = total !== null && amount > total ? "total" : "monthly";
      throw new AppError(
        "key_quota_exceeded",
        `this request needs ${amount} credits; the API key's ${which} quota has ${which === "total" ? total : monthly} left`,
        { required: amount, quota: which, remaining: which === "total" ? total : monthly },
      );
    }
  }
  if (spender?.userId) {
    const rs = await db.$client.execute({
      sql: `SELECT cap_daily, cap_monthly,
              CASE WHEN spent_day = ? THEN spent_day_credits ELSE 0 END AS day_spent,
              CASE WHEN spent_month = ? THEN spent_month_credits ELSE 0 END AS month_spent
            FROM tenant_users WHERE id = ? AND tenant_id = ?`,
      args: [day, month, spender.userId, tenantId],
    });
    const u = rs.rows[0];
    if (!u) throw new AppError("unauthorized", "the user is no longer active");
    const daily = remaining(u.cap_daily, Number(u.day_spent));
    const monthly = remaining(u.cap_monthly, Number(u.month_spent));
    if ((daily !== null && amount > daily) || (monthly !== null && amount > monthly)) {
      const which = daily !== null && amount > daily ? "daily" : "monthly";
      throw new AppError(
        "spending_cap_exceeded",
        `this request needs ${amount} credits; your ${which} spending cap has ${which === "daily" ? daily : monthly} left`,
        { required: amount, cap: which, remaining: which === "daily" ? daily : monthly },
      );
    }
  }
}
