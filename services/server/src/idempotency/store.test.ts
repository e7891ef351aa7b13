import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { openTempDb, type TempDb } from "../../test/support/temp-db";
import { claimKey, completeKey, releaseKey } from "./store";

const T0 = Date.UTC(2026, 11, 3, 8, 0, 0);
let temp: TempDb;
beforeEach(async () => {
  temp = await openTempDb();
});
afterEach(async () => {
  await temp.close();
});

const row = async () =>
  (await temp.db.$client.execute("SELECT status, lease_id FROM idempotency_keys WHERE key = 'k'")).rows.map((r) => [
    r.status,
    r.lease_id,
  ]);

describe("claimKey with leases", () => {
  test("a pending key is in progress while its lease lives, then taken over by the same request only", async () => {
    const a = { id: "lease_a", until: T0 + 15_000 };
    const b = { id: "lease_b", until: T0 + 40_000 };
    const claim = (now: number, lease: typeof a, requestHash = "h") =>
      claimKey(temp.db, { tenantId: "t", key: "k", requestHash, now, lease });
    expect(await claim(T0, a)).toEqual({ kind: "claimed" });
    expect(await claim(T0 + 15_000, b)).toEqual({ kind: "in_progress" });
    expect(await claim(T0 + 20_000, b, "other body")).toEqual({ kind: "mismatch" });
    expect(await claim(T0 + 20_000, b)).toEqual({ kind: "claimed" });
    expect(await row()).toEqual([["pending", "lease_b"]]);

    // The first request, stalled rather than dead, can no longer free or complete the key its retry holds.
    const first = { leaseId: "lease_a", claimedAt: T0 };
    await releaseKey(temp.db, "t", "k", first);
    await completeKey(temp.db, "t", "k", 200, "{}", first);
    expect(await row()).toEqual([["pending", "lease_b"]]);
    await completeKey(temp.db, "t", "k", 200, '{"ok":true}', { leaseId: "lease_b", claimedAt: T0 + 20_000 });
    expect(await row()).toEqual([["done", "lease_b"]]);
    expect(await claim(T0 + 60_000, a)).toEqual({ kind: "replay", status: 200, body: '{"ok":true}' });
  });
});
