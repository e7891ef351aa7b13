import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { tasks } from "@waule/db/server";
import { randomIds } from "@waule/shared/clock";
import { balanceAndLedgerSum, openTempDb, type TempDb } from "../../test/support/temp-db";
import { createTenant } from "../tenants/tenants";
import { holdCredits } from "./ledger";
import { releaseStaleHolds } from "./stale-holds";

const HOUR = 60 * 60 * 1000;
const T0 = Date.UTC(2026, 10, 26, 8, 0, 0);
let temp: TempDb;
beforeEach(async () => {
  temp = await openTempDb();
});
afterEach(async () => {
  await temp.close();
});

describe("releaseStaleHolds", () => {
  test("gives back only old holds that no task owns", async () => {
    const { tenant } = await createTenant(
      { db: temp.db, clock: { now: () => T0 }, ids: randomIds },
      { name: "A", credits: 100 },
    );
    const at = (now: number) => ({ db: temp.db, now });
    await holdCredits(at(T0), { tenantId: tenant.id, holdId: "hold_dead", amount: 10, requestId: "req_dead" });
    await holdCredits(at(T0), { tenantId: tenant.id, holdId: "hold_task", amount: 20, requestId: "task_1" });
    await holdCredits(at(T0 + 90 * 60 * 1000), {
      tenantId: tenant.id,
      holdId: "hold_young",
      amount: 5,
      requestId: "req_live",
    });
    await temp.db.insert(tasks).values({
      id: "task_1",
      tenantId: tenant.id,
      type: "video",
      model: "sandbox-video",
      request: {},
      holdId: "hold_task",
      heldCredits: 20,
      deadlineAt: new Date(T0 + 10 * HOUR),
      createdAt: new Date(T0),
      updatedAt: new Date(T0),
    });

    const released = await releaseStaleHolds(at(T0 + 2 * HOUR), HOUR);
    expect(released).toEqual(["hold_dead"]);
    expect(await balanceAndLedgerSum(temp.db, tenant.id)).toEqual({ balance: 75, ledgerSum: 75 });
    expect(await releaseStaleHolds(at(T0 + 2 * HOUR), HOUR)).toEqual([]);
    const statuses = await temp.db.$client.execute("SELECT id, status FROM credit_holds ORDER BY id");
    expect(statuses.rows.map((r) => [r.id, r.status])).toEqual([
      ["hold_dead", "released"],
      ["hold_task", "held"],
      ["hold_young", "held"],
    ]);
  });

  test("a sync call's hold is given back once its lease has run out, not before, and exactly once", async () => {
    const { tenant } = await createTenant(
      { db: temp.db, clock: { now: () => T0 }, ids: randomIds },
      { name: "A", credits: 100 },
    );
    const at = (now: number) => ({ db: temp.db, now });
    const lease = { id: "lease_a", until: T0 + 15_000 };
    await holdCredits(at(T0), { tenantId: tenant.id, holdId: "hold_leased", amount: 10, requestId: "r1", lease });

    expect(await releaseStaleHolds(at(T0 + 15_000), HOUR)).toEqual([]);
    expect(await releaseStaleHolds(at(T0 + 15_001), HOUR)).toEqual(["hold_leased"]);
    expect(await releaseStaleHolds(at(T0 + 15_002), HOUR)).toEqual([]);
    const ledger = await temp.db.$client.execute(
      "SELECT kind, amount FROM credit_ledger WHERE hold_id = 'hold_leased'",
    );
    expect(ledger.rows.map((r) => [r.kind, Number(r.amount)])).toEqual([
      ["hold", -10],
      ["release", 10],
    ]);
    expect(await balanceAndLedgerSum(temp.db, tenant.id)).toEqual({ balance: 100, ledgerSum: 100 });
  });
});
