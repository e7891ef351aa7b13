// Idempotency-Key records: the first request claims the key; later ones replay its answer or are refused.
import type { ServerDb } from "@waule/db/connect";
import { idempotencyKeys } from "@waule/db/server";
import { and, eq, lt } from "drizzle-orm";
import type { LeaseStamp } from "../leases/request-lease";

export type Claim =
  | { kind: "claimed" }
  | { kind: "replay"; status: number; body: string }
  | { kind: "in_progress" }
  | { kind: "mismatch" };

/**
 * Claims the key with an insert that only one request can win; the losers learn what state it is in. A pending key
 * whose lease ran out (its request's process died) is taken over by a repeat of the same request, with one
 * conditional update, so a client may retry within seconds instead of waiting for the sweep.
 */
export async function claimKey(
  db: ServerDb,
  input: { tenantId: string; key: string; requestHash: string; now: number; lease?: LeaseStamp },
): Promise<Claim> {
  const inserted = await db
    .insert(idempotencyKeys)
    .values({
      tenantId: input.tenantId,
      key: input.key,
      requestHash: input.requestHash,
      status: "pending",
      leaseId: input.lease?.id ?? null,
      leaseUntil: input.lease ? new Date(input.lease.until) : null,
      createdAt: new Date(input.now),
    })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length === 1) return { kind: "claimed" };
  const existing = await db.query.idempotencyKeys.findFirst({ where: keyOf(input.tenantId, input.key) });
  // Vanishes only when the first attempt failed and released it between our insert and this read.
  if (!existing) return { kind: "in_progress" };
  if (existing.requestHash !== input.requestHash) return { kind: "mismatch" };
  if (existing.status === "pending" && (await takeOverDeadKey(db, input))) return { kind: "claimed" };
  if (existing.status === "pending" || existing.responseStatus === null || existing.responseBody === null)
    return { kind: "in_progress" };
  return { kind: "replay", status: existing.responseStatus, body: existing.responseBody };
}

async function takeOverDeadKey(
  db: ServerDb,
  input: { tenantId: string; key: string; requestHash: string; now: number; lease?: LeaseStamp },
): Promise<boolean> {
  const taken = await db
    .update(idempotencyKeys)
    .set({
      leaseId: input.lease?.id ?? null,
      leaseUntil: input.lease ? new Date(input.lease.until) : null,
      createdAt: new Date(input.now),
    })
    .where(
      and(
        keyOf(input.tenantId, input.key),
        eq(idempotencyKeys.status, "pending"),
        eq(idempotencyKeys.requestHash, input.requestHash),
        lt(idempotencyKeys.leaseUntil, new Date(input.now)),
      ),
    )
    .returning({ key: idempotencyKeys.key });
  return taken.length === 1;
}

export async function completeKey(
  db: ServerDb,
  tenantId: string,
  key: string,
  status: number,
  body: string,
): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ status: "done", responseStatus: status, responseBody: body })
    .where(keyOf(tenantId, key));
}

/** A failed attempt cost nothing, so its key is freed and the client may retry with it. */
export async function releaseKey(db: ServerDb, tenantId: string, key: string): Promise<void> {
  await db.delete(idempotencyKeys).where(and(keyOf(tenantId, key), eq(idempotencyKeys.status, "pending")));
}

function keyOf(tenantId: string, key: string) {
  return and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key));
}
