// What one billed call costs the ledger: holdCredits + settleHold on a real libSQL file, against a plain
// single-row UPDATE on the same database as the floor, one at a time and with 50 in flight.
// Relative imports: bench/ is not a workspace package; the server's modules resolve their own dependencies.

import { holdCredits, settleHold } from "../services/server/src/billing/ledger";
import { createTenant } from "../services/server/src/tenants/tenants";
import { balanceAndLedgerSum, openTempDb } from "../services/server/test/support/temp-db";
import { randomIds, systemClock } from "../services/shared/src/clock";
import { type BenchResult, compare, costRatio, formatRatio } from "./measure";

const IN_FLIGHT = 50;
const PRICE = 10;

export async function run(): Promise<BenchResult[]> {
  const temp = await openTempDb();
  try {
    const { db } = temp;
    const ctx = { db, clock: systemClock, ids: randomIds };
    // Enough credits that no hold in the run is ever refused: a 402 would be a cheaper, different path.
    const { tenant } = await createTenant(ctx, { name: "Bench", credits: 1_000_000_000_000 });
    const other = await createTenant(ctx, { name: "Floor", credits: 0 });

    const plainUpdate = () =>
      db.$client.execute({
        sql: "UPDATE tenants SET updated_at = ? WHERE id = ?",
        args: [Date.now(), other.tenant.id],
      });
    let settled = 0;
    // A billed settle writes its usage row in the same batch, so the bench does too.
    const usage = () => ({
      id: randomIds.make("use"),
      userId: null,
      model: "sandbox-image",
      operation: "image.generation",
      requestId: null,
      metadata: {},
    });
    // Time inside each half, to say which one costs more (only meaningful for the sequential case).
    const spent = { hold: 0, settle: 0 };
    const holdAndSettle = async (timed: boolean) => {
      const t0 = performance.now();
      const hold = await holdCredits(
        { db, now: Date.now() },
        { tenantId: tenant.id, holdId: randomIds.make("hold"), amount: PRICE, requestId: null },
      );
      const t1 = performance.now();
      if (!(await settleHold({ db, now: Date.now() }, hold.holdId, PRICE, usage())))
        throw new Error(`hold ${hold.holdId} did not settle`);
      if (timed) {
        spent.hold += t1 - t0;
        spent.settle += performance.now() - t1;
      }
      settled++;
    };

    // One group, so the in-flight cases are measured side by side with the sequential ones they are compared to.
    const [floor, billed, floorParallel, billedParallel] = await compare([
      { name: "plain UPDATE of one row (baseline)", op: plainUpdate, batch: 20 },
      { name: "holdCredits + settleHold", op: () => holdAndSettle(true), batch: 5 },
      { name: `plain UPDATE, ${IN_FLIGHT} in flight`, op: plainUpdate, concurrency: IN_FLIGHT, batch: 5 },
      {
        name: `holdCredits + settleHold, ${IN_FLIGHT} in flight`,
        op: () => holdAndSettle(false),
        concurrency: IN_FLIGHT,
      },
    ]);
    const holdShare = spent.hold / (spent.hold + spent.settle);

    // A bench of the money path that lost money would measure the wrong thing: check the books balance.
    const books = await balanceAndLedgerSum(db, tenant.id);
    if (books.balance !== books.ledgerSum || books.balance !== 1_000_000_000_000 - settled * PRICE) {
      throw new Error(`ledger out of balance after ${settled} settles: ${JSON.stringify(books)}`);
    }

    billed!.note = `= ${formatRatio(costRatio(floor!, billed!))} plain UPDATEs; hold ${Math.round(holdShare * 100)}% / settle ${Math.round((1 - holdShare) * 100)}% of the time`;
    floorParallel!.note = `${formatRatio(floorParallel!.opsPerSec / floor!.opsPerSec)}x sequential`;
    billedParallel!.note = `= ${formatRatio(costRatio(floorParallel!, billedParallel!))} plain UPDATEs in flight; ${formatRatio(billedParallel!.opsPerSec / billed!.opsPerSec)}x sequential`;
    return [floor!, billed!, floorParallel!, billedParallel!];
  } finally {
    await temp.close();
  }
}
