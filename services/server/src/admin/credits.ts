// Operator credit changes. Balances change only through billing/ledger.ts; the audit row is written in the same batch.
import type { ServerDb } from "@waule/db/connect";
import { type Admin, creditLedger } from "@waule/db/server";
import type { CreditChangeResponse } from "@waule/shared/admin";
import { AppError } from "@waule/shared/errors";
import { eq } from "drizzle-orm";
import { changeBalanceWith } from "../billing/ledger";
import { toLedgerEntry } from "../billing/ledger-page";
import { getTenant } from "../tenants/tenants";
import { auditRowInLedgerBatch } from "./audit";

/**
 * A recharge (adds) or adjustment (adds or removes), audited as `tenant.<kind>`. The ledger refuses a change that
 * would make the balance negative with 402 and writes nothing — no ledger row and no audit row.
 */
export async function changeCredits(
  ctx: { db: ServerDb; now: number },
  admin: Pick<Admin, "id" | "username">,
  input: { tenantId: string; kind: "recharge" | "adjust"; credits: number; note: string },
): Promise<CreditChangeResponse> {
  await getTenant(ctx.db, input.tenantId);
  const audit = auditRowInLedgerBatch(
    admin,
    {
      action: `tenant.${input.kind}`,
      targetType: "tenant",
      targetId: input.tenantId,
      details: { credits: input.credits, note: input.note },
    },
    ctx.now,
  );
  const { balance, ledgerSeq } = await changeBalanceWith(
    ctx,
    { tenantId: input.tenantId, kind: input.kind, amount: input.credits, note: input.note },
    audit,
  );
  const row = await ctx.db.query.creditLedger.findFirst({ where: eq(creditLedger.seq, ledgerSeq) });
  if (!row) throw new AppError("internal_error", "the ledger row of the change was not found");
  return { balance, entry: toLedgerEntry(row) };
}
