// A tenant redeems a code: credits added exactly once per use, in the transaction that counts the use (with their
// credit grant when the batch gives the credits a validity).
import type { ServerDb } from "@waule/db/connect";
import { AppError } from "@waule/shared/errors";
import type { RedeemResponse } from "@waule/shared/redemption";
import { grantStatements } from "../billing/credit-grants";
import { addCreditsIf } from "../billing/ledger";
import { hashCode, normalizeCode, prefixOf } from "./codes";

/** One answer for every refused code, so a guesser cannot tell an unknown code from a used, expired or disabled one. */
export const invalidCode = () =>
  new AppError("not_found", "this redemption code is not valid (unknown, expired, disabled or already used)");

/**
 * The use count moves by one only while the code has uses left, its batch is live and this tenant has not used it
 * yet; the ledger's guarded batch (billing/ledger.ts addCreditsIf) adds the credits, the ledger row `redeem` and the
 * use row only when that update changed the code's row. Parallel redeems of a one-use code therefore credit one
 * tenant once; of an N-use code, N tenants once each.
 */
export async function redeemCode(
  ctx: { db: ServerDb; now: number },
  tenantId: string,
  input: string,
): Promise<RedeemResponse> {
  const body = normalizeCode(input);
  if (!body) throw invalidCode();
  const codeHash = hashCode(body);
  const found = await ctx.db.$client.execute({
    sql: `SELECT c.batch_id, b.credits, b.validity_days FROM redemption_codes c JOIN redemption_batches b ON b.id = c.batch_id
          WHERE c.code_hash = ?`,
    args: [codeHash],
  });
  const code = found.rows[0];
  if (!code) throw invalidCode();
  const batchId = String(code.batch_id);
  const credits = Number(code.credits);
  const validityDays = code.validity_days === null ? null : Number(code.validity_days);
  const result = await addCreditsIf(
    ctx,
    { tenantId, kind: "redeem", amount: credits, note: `${prefixOf(body)} (${batchId})` },
    {
      sql: `UPDATE redemption_codes SET uses = uses + 1, last_used_at = ?
            WHERE code_hash = ? AND uses < max_uses
              AND NOT EXISTS (SELECT 1 FROM redemption_uses u WHERE u.code_hash = ? AND u.tenant_id = ?)
              AND EXISTS (SELECT 1 FROM redemption_batches b WHERE b.id = redemption_codes.batch_id
                          AND b.disabled_at IS NULL AND (b.expires_at IS NULL OR b.expires_at > ?))
              AND EXISTS (SELECT 1 FROM tenants t WHERE t.id = ?)`,
      args: [ctx.now, codeHash, codeHash, tenantId, ctx.now, tenantId],
    },
    ({ ledgerSeq, ledgerSeqArgs }) => [
      {
        sql: `INSERT INTO redemption_uses (code_hash, batch_id, tenant_id, credits, ledger_seq, created_at)
              SELECT ?, ?, ?, ?, ${ledgerSeq}, ? WHERE changes() = 1`,
        args: [codeHash, batchId, tenantId, credits, ...ledgerSeqArgs, ctx.now],
      },
      // Only when the use row was written (changes() = 1): one grant per use (a tenant uses a code once).
      ...(validityDays
        ? grantStatements({
            tenantId,
            source: "redeem",
            sourceId: `${batchId}:${codeHash.slice(0, 16)}:${tenantId}`,
            credits,
            expiresAt: ctx.now + validityDays * 86_400_000,
            now: ctx.now,
          })
        : []),
    ],
  );
  if (!result.applied || result.ledgerSeq === null) throw invalidCode();
  return { credits_added: credits, balance: result.balance, ledger_seq: result.ledgerSeq };
}
