// Money's one home: every balance change happens here, in one transaction with its ledger row.
//
// Each operation is a single atomic unit of statements (`db.$sql.write`: no awaits inside it, committed with
// the units of concurrent requests in one transaction, each in its own savepoint) whose later statements only
// act when the first one changed a row (`changes() = 1`). A second caller racing for the same credits or the
// same hold therefore finds the condition false and writes nothing.
import type { ServerDb } from "@waule/db/connect";
import { AppError } from "@waule/shared/errors";
import { queueLowBalanceAlert, rearmLowBalanceAlert } from "../balance-alerts/trigger";
import type { LeaseStamp } from "../leases/request-lease";
import { explainLimitRefusal, limitClauses, refundStatements, type Spender, spendStatements } from "./spend-limits";

export type Stmt = { sql: string; args: (string | number | null)[] };

export type LedgerContext = { db: ServerDb; now: number };

/** An open hold as its call knows it: enough to settle or release it without reading it back. */
export type HeldCredits = {
  holdId: string;
  tenantId: string;
  amount: number;
  requestId: string | null;
  /** Whose quota and caps it counts against; a close gives the refund back to them. */
  spender: Spender;
  /** When it was taken: the refund goes back to the spending periods of that moment. */
  heldAt: number;
};

export type Hold = HeldCredits & { balanceAfter: number };

/** Appends the ledger row for the tenant's current balance, only if the statement before it changed a row. */
export function ledgerRowIfChanged(
  tenantId: string,
  kind: string,
  amount: number,
  holdId: string | null,
  requestId: string | null,
  note: string | null,
  now: number,
): Stmt {
  return {
    sql: `INSERT INTO credit_ledger (tenant_id, kind, amount, balance_after, hold_id, request_id, note, created_at)
          SELECT id, ?, ?, credits, ?, ?, ?, ? FROM tenants WHERE id = ? AND changes() = 1`,
    args: [kind, amount, holdId, requestId, note, now, tenantId],
  };
}

/** The usage row of a settle, only if the ledger row before it was written. */
function usageRowIfChanged(tenantId: string, credits: number, usage: UsageEntry, now: number): Stmt {
  return {
    sql: `INSERT INTO usage_records (id, tenant_id, user_id, model, operation, credits, request_id, metadata, created_at)
          SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE changes() = 1`,
    args: [
      usage.id,
      tenantId,
      usage.userId,
      usage.model,
      usage.operation,
      credits,
      usage.requestId,
      JSON.stringify(usage.metadata),
      now,
    ],
  };
}

async function balanceOf(db: ServerDb, tenantId: string): Promise<number> {
  const row = await db.$sql.get("SELECT credits FROM tenants WHERE id = ?", [tenantId]);
  if (!row) throw new AppError("not_found", `tenant ${tenantId} not found`);
  return Number(row.credits);
}

/**
 * Reserves `amount` credits with one conditional update; 402 and nothing written when the balance is short, or
 * when the spender's key quota or member cap (spend-limits.ts, clauses of the same update) would be passed.
 */
export async function holdCredits(
  { db, now }: LedgerContext,
  input: {
    tenantId: string;
    holdId: string;
    amount: number;
    requestId: string | null;
    /** A sync call's lease (leases/request-lease.ts): the hold is released soon after the call dies. */
    lease?: LeaseStamp;
    /** The key and member spending it: their quotas and caps are checked in the same update. */
    spender?: Spender;
    /** What it pays for, kept on the hold so the call ledger names it even when the call is refunded. */
    model?: string | null;
    operation?: string | null;
    /**
     * true when the caller answers nobody before this hold's own settle or release has resolved (both are durable
     * commits, whose fsync makes this one durable too): the hold then resolves without waiting for its own fsync
     * (statements.ts, WriteOptions.durable). A call the machine loses power during is refunded either way.
     */
    closedBeforeAnswer?: boolean;
    /**
     * Called synchronously the moment the hold is granted, before its commit is written (statements.ts,
     * WriteOptions.decided): a caller can start the paid-for work, e.g. the gateway call, while the commit goes to
     * disk. Never called for a refused hold. Should the commit then fail, holdCredits rejects and nothing is held:
     * the work started is the caller's to drop (a later settle of this hold finds nothing and charges nothing).
     */
    onHeld?: () => void;
  },
): Promise<Hold> {
  if (!Number.isInteger(input.amount) || input.amount < 0)
    throw new AppError("invalid_request", "hold amount must be a non-negative integer");
  const { tenantId, holdId, amount, requestId } = input;
  const spender: Spender = { apiKeyId: input.spender?.apiKeyId ?? null, userId: input.spender?.userId ?? null };
  const limits = limitClauses(spender, amount, now);
  const results = await db.$sql.write(
    [
      {
        // The balance and alert state come back from the update itself (RETURNING): no read after it.
        sql: `UPDATE tenants SET credits = credits - ?, updated_at = ? WHERE id = ? AND credits >= ?${limits.sql}
              RETURNING credits, low_balance_threshold, low_balance_alerted_at`,
        args: [amount, now, tenantId, amount, ...limits.args],
        first: true,
      },
      {
        sql: `INSERT INTO credit_holds (id, tenant_id, amount, status, request_id, lease_id, lease_until, api_key_id, user_id, model, operation, created_at)
              SELECT ?, ?, ?, 'held', ?, ?, ?, ?, ?, ?, ?, ? WHERE changes() = 1`,
        args: [
          holdId,
          tenantId,
          amount,
          requestId,
          input.lease?.id ?? null,
          input.lease?.until ?? null,
          spender.apiKeyId,
          spender.userId,
          input.model ?? null,
          input.operation ?? null,
          now,
        ],
      },
      ledgerRowIfChanged(tenantId, "hold", -amount, holdId, requestId, null, now),
      ...spendStatements(spender, amount, now),
    ],
    {
      durable: input.closedBeforeAnswer !== true,
      // Granted when the balance update changed the tenant's row (RETURNING gave it back).
      decided:
        input.onHeld &&
        ((results) => {
          if (results[0]?.rows[0]) input.onHeld?.();
        }),
    },
  );
  const balanceRow = results[0]?.rows[0];
  if (!balanceRow) {
    // Refused (or no such tenant): only this path reads the balance, to say why.
    const balance = await balanceOf(db, tenantId);
    if (balance >= amount) await explainLimitRefusal(db, tenantId, spender, amount, now);
    throw new AppError("insufficient_credits", `this request needs ${amount} credits; the balance is ${balance}`, {
      required: amount,
      balance,
    });
  }
  const balance = Number(balanceRow.credits);
  const threshold = balanceRow.low_balance_threshold === null ? null : Number(balanceRow.low_balance_threshold);
  if (threshold !== null && balanceRow.low_balance_alerted_at === null && balance < threshold) {
    // The hold is committed (and the caller may already be working on it, onHeld): an alert that cannot be queued
    // must not fail the call. Its batch is atomic, so the tenant stays unalerted and the next hold tries again.
    await queueLowBalanceAlert(db, { tenantId, eventId: `evt_low_${holdId}`, balance, threshold, now }).catch(
      (err: unknown) =>
        console.error(`[server] low-balance alert for ${tenantId} not queued; the next hold retries`, err),
    );
  }
  return { holdId, tenantId, amount, balanceAfter: balance, requestId, spender, heldAt: now };
}

/** The usage row a settle writes; tenant, credits and time come from the settle itself. */
export type UsageEntry = {
  id: string;
  userId: string | null;
  model: string;
  operation: string;
  requestId: string | null;
  metadata: Record<string, unknown>;
};

/**
 * Closes a hold at `actual` credits, refunds the rest and writes the call's usage row, all in one
 * batch. Runs exactly once: the status moves held → settled with a conditional update, and every
 * later statement (refund, ledger row, usage row) only acts when the one before it changed a row, so
 * a repeat (or a racing release) writes nothing and a settled hold always has exactly one usage row.
 * A usage row that cannot be written rolls the settle back with it. Returns false when the hold was
 * already closed.
 */
export async function settleHold(
  { db, now }: LedgerContext,
  hold: HoldRef,
  actual: number,
  usage: UsageEntry,
): Promise<boolean> {
  if (!Number.isInteger(actual) || actual < 0)
    throw new AppError("invalid_request", "settled amount must be a non-negative integer");
  return closeHold(db, now, hold, "settled", actual, usage);
}

/**
 * settleHold for a call about to be answered: a hold someone else already closed (the stale-hold sweep
 * released it while the provider was slow) means nothing was charged, so the result must not be handed
 * out as billed. The tenant gets an error and keeps the credits; a retry is a new, billed call.
 */
export async function settleAnsweredHold(
  ctx: LedgerContext,
  hold: HoldRef,
  actual: number,
  usage: UsageEntry,
): Promise<void> {
  if (await settleHold(ctx, hold, actual, usage)) return;
  throw new AppError(
    "conflict",
    "billing window expired before the provider answered: the credit hold was already released, nothing was charged and no result is given; retry the request",
  );
}

/** Gives the whole hold back (a failed call costs nothing). Returns false when the hold was already closed. */
export async function releaseHold({ db, now }: LedgerContext, hold: HoldRef): Promise<boolean> {
  return closeHold(db, now, hold, "released", 0, null);
}

/**
 * A hold to close: its id (it is read back first), or the Hold its holdCredits returned (no read; the close's
 * conditional update also checks the hold's tenant and amount, so a wrong one closes nothing).
 */
export type HoldRef = string | HeldCredits;

async function readHold(db: ServerDb, holdId: string): Promise<HeldCredits> {
  const row = await db.$sql.get(
    "SELECT tenant_id, amount, request_id, api_key_id, user_id, created_at FROM credit_holds WHERE id = ?",
    [holdId],
  );
  if (!row) throw new AppError("not_found", `hold ${holdId} not found`);
  return {
    holdId,
    tenantId: String(row.tenant_id),
    amount: Number(row.amount),
    requestId: row.request_id === null ? null : String(row.request_id),
    spender: {
      apiKeyId: row.api_key_id === null ? null : String(row.api_key_id),
      userId: row.user_id === null ? null : String(row.user_id),
    },
    heldAt: Number(row.created_at),
  };
}

async function closeHold(
  db: ServerDb,
  now: number,
  ref: HoldRef,
  status: "settled" | "released",
  charged: number,
  usage: UsageEntry | null,
): Promise<boolean> {
  const hold = typeof ref === "string" ? await readHold(db, ref) : ref;
  const { holdId, tenantId, amount: held, requestId } = hold;
  if (charged > held)
    throw new AppError("internal_error", `cannot settle ${charged} credits against a hold of ${held}`);
  const refund = held - charged;
  const results = await db.$sql.write([
    {
      sql: `UPDATE credit_holds SET status = ?, settled_amount = ?, closed_at = ?
            WHERE id = ? AND status = 'held' AND tenant_id = ? AND amount = ?`,
      args: [status, charged, now, holdId, tenantId, held],
    },
    {
      sql: "UPDATE tenants SET credits = credits + ?, updated_at = ? WHERE id = ? AND changes() = 1",
      args: [refund, now, tenantId],
    },
    ledgerRowIfChanged(tenantId, status === "settled" ? "settle" : "release", refund, holdId, requestId, null, now),
    ...(usage ? [usageRowIfChanged(tenantId, charged, usage, now)] : []),
    // Last, so a key or member row that is gone cannot stop the usage row.
    ...refundStatements(hold.spender, refund, hold.heldAt),
  ]);
  return results[0]?.rowsAffected === 1;
}

/** A statement another module asks to run in the same transaction as a balance change (e.g. its audit row). */
export type LedgerStmt = Stmt;

/**
 * Builds statements that run right after the change's ledger row, inside the same batch. Each must act only
 * `WHERE changes() = 1` (the ledger row, or the statement before it, was written), so a refused change writes none of them.
 * `ledgerSeq` is an SQL expression for the seq of the row the change wrote.
 */
export type AlsoInBatch = (refs: {
  ledgerSeq: string;
  ledgerSeqArgs: (string | number)[];
  balance: string;
  balanceArgs: (string | number)[];
}) => Stmt[];

/**
 * Adds (or, for `adjust`, adds or removes) credits; never lets the balance go below zero (402, nothing written).
 * `also` adds statements to the same transaction, so the caller's record of the change (an audit row) exists exactly when the change does.
 */
export async function changeBalanceWith(
  { db, now }: LedgerContext,
  input: { tenantId: string; kind: "recharge" | "adjust"; amount: number; note?: string | null },
  also?: AlsoInBatch,
): Promise<{ balance: number; ledgerSeq: number }> {
  const { tenantId, kind, amount } = input;
  if (!Number.isInteger(amount) || amount === 0)
    throw new AppError("invalid_request", "amount must be a non-zero integer");
  if (kind === "recharge" && amount < 0)
    throw new AppError("invalid_request", "a recharge must add credits; use an adjustment to remove them");
  // A unit runs its statements back to back, so the tenant's newest ledger row is the one this change wrote.
  const ledgerSeq = "(SELECT MAX(seq) FROM credit_ledger WHERE tenant_id = ?)";
  const balance = "(SELECT credits FROM tenants WHERE id = ?)";
  const extra = also?.({ ledgerSeq, ledgerSeqArgs: [tenantId], balance, balanceArgs: [tenantId] }) ?? [];
  const results = await db.$sql.write([
    {
      sql: "UPDATE tenants SET credits = credits + ?, updated_at = ? WHERE id = ? AND credits + ? >= 0",
      args: [amount, now, tenantId, amount],
    },
    ledgerRowIfChanged(tenantId, kind, amount, null, null, input.note ?? null, now),
    ...extra,
    rearmLowBalanceAlert(tenantId),
    { sql: `SELECT credits, ${ledgerSeq} AS seq FROM tenants WHERE id = ?`, args: [tenantId, tenantId] },
  ]);
  const row = results[results.length - 1]?.rows[0];
  if (!row) throw new AppError("not_found", `tenant ${tenantId} not found`);
  if (results[0]?.rowsAffected !== 1) {
    throw new AppError(
      "insufficient_credits",
      `cannot remove ${-amount} credits; the balance is ${Number(row.credits)}`,
    );
  }
  return { balance: Number(row.credits), ledgerSeq: Number(row.seq) };
}

/**
 * Credits coming in that a row change justifies (a redemption code's use count, a paid order's state): `guard` runs
 * first and must change exactly one row, or nothing else in the batch acts — so a code used up by a racing redeem,
 * or an order already credited, adds nothing. `also` (e.g. the use row) runs after the ledger row, in the same
 * transaction. Answers `applied: false` and writes nothing when the guard matched no row.
 */
export async function addCreditsIf(
  { db, now }: LedgerContext,
  input: { tenantId: string; kind: "redeem"; amount: number; note?: string | null },
  guard: Stmt,
  also?: AlsoInBatch,
): Promise<{ applied: boolean; balance: number; ledgerSeq: number | null }> {
  const { tenantId, kind, amount } = input;
  if (!Number.isInteger(amount) || amount <= 0)
    throw new AppError("invalid_request", "credits coming in must be a positive integer");
  const ledgerSeq = "(SELECT MAX(seq) FROM credit_ledger WHERE tenant_id = ?)";
  const balance = "(SELECT credits FROM tenants WHERE id = ?)";
  const extra = also?.({ ledgerSeq, ledgerSeqArgs: [tenantId], balance, balanceArgs: [tenantId] }) ?? [];
  const results = await db.$client.batch(
    [
      guard,
      {
        sql: "UPDATE tenants SET credits = credits + ?, updated_at = ? WHERE id = ? AND changes() = 1",
        args: [amount, now, tenantId],
      },
      ledgerRowIfChanged(tenantId, kind, amount, null, null, input.note ?? null, now),
      ...extra,
      rearmLowBalanceAlert(tenantId),
      { sql: `SELECT credits, ${ledgerSeq} AS seq FROM tenants WHERE id = ?`, args: [tenantId, tenantId] },
    ],
    "write",
  );
  const row = results[results.length - 1]?.rows[0];
  if (!row) throw new AppError("not_found", `tenant ${tenantId} not found`);
  const applied = results[0]?.rowsAffected === 1 && results[1]?.rowsAffected === 1;
  return { applied, balance: Number(row.credits), ledgerSeq: applied ? Number(row.seq) : null };
}

/** Adds (or, for `adjust`, adds or removes) credits; never lets the balance go below zero. Returns the new balance. */
export async function changeBalance(
  ctx: LedgerContext,
  input: { tenantId: string; kind: "recharge" | "adjust"; amount: number; note?: string | null },
): Promise<number> {
  return (await changeBalanceWith(ctx, input)).balance;
}

export const recharge = (ctx: LedgerContext, tenantId: string, credits: number, note?: string | null) =>
  changeBalance(ctx, { tenantId, kind: "recharge", amount: credits, note });

export const adjust = (ctx: LedgerContext, tenantId: string, credits: number, note?: string | null) =>
  changeBalance(ctx, { tenantId, kind: "adjust", amount: credits, note });

export { balanceOf };
