import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { openTempDb, type TempDb } from "../../test/support/temp-db";
import { releaseStalePendingKeys } from "./stale";
import { claimKey, completeKey } from "./store";

const T0 = Date.UTC(2026, 10, 26, 8, 0, 0);
let temp: TempDb;
beforeEach(async () => {
  temp = await openTempDb();
});
afterEach(async () => {
  await temp.close();
});

describe("releaseStalePendingKeys", () => {
  test("frees old pending keys only, so the client can retry; finished and recent keys stay", async () => {
    await claimKey(temp.db, { tenantId: "t", key: "dead", requestHash: "h", now: T0 });
    await claimKey(temp.db, { tenantId: "t", key: "done", requestHash: "h", now: T0 });
    await completeKey(temp.db, "t", "done", 200, "{}");
    await claimKey(temp.db, { tenantId: "t", key: "live", requestHash: "h", now: T0 + 50 * 60_000 });
    expect(await releaseStalePendingKeys({ db: temp.db, now: T0 + 60 * 60_000 }, 30 * 60_000)).toBe(1);
    const left = await temp.db.$client.execute("SELECT key FROM idempotency_keys ORDER BY key");
    expect(left.rows.map((r) => r.key)).toEqual(["done", "live"]);
    expect(await claimKey(temp.db, { tenantId: "t", key: "dead", requestHash: "h", now: T0 + 61 * 60_000 })).toEqual({
      kind: "claimed",
    });
  });
});
