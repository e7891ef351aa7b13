// Migration 0008 (seen signatures keyed by signed time, WITHOUT ROWID) on a gateway database that already holds
// rows: a call accepted before the upgrade is still refused as a replay after it, and the sweep still goes by age.
import { afterEach, expect, test } from "bun:test";
import { openGatewayDb } from "@waule/db/connect";
import { type MigratedBefore, openMigratedBefore } from "@waule/db/migrations-before";
import { SIGNATURE_WINDOW_MS } from "@waule/shared/internal-signature";
import { createSeenSignatures, PURGE_SLACK_MS } from "./seen-signatures";

let migrated: MigratedBefore | undefined;
afterEach(async () => {
  await migrated?.remove();
  migrated = undefined;
});

test("0008 keeps the signatures seen before it: their replays are refused, and they are swept by their age", async () => {
  const T = 1_800_000_000_000;
  migrated = await openMigratedBefore("gateway", "0008_seen_signatures_by_time");
  const { client: old, url } = migrated;
  // As the gateway before 0008 wrote them: expiry = signed time + the window.
  await old.execute({
    sql: "INSERT INTO seen_signatures (signature, expires_at) VALUES ('old-a', ?), ('old-b', ?)",
    args: [T + SIGNATURE_WINDOW_MS, T + 1_000 + SIGNATURE_WINDOW_MS],
  });
  old.close();

  const db = await openGatewayDb({ url });
  try {
    const table = await db.$client.execute("SELECT sql FROM sqlite_master WHERE name = 'seen_signatures'");
    expect(String(table.rows[0]?.sql)).toContain("WITHOUT ROWID");
    const rows = await db.$client.execute("SELECT signed_at, signature FROM seen_signatures ORDER BY signed_at");
    expect(rows.rows.map((r) => [Number(r.signed_at), r.signature])).toEqual([
      [T, "old-a"],
      [T + 1_000, "old-b"],
    ]);
    const seen = createSeenSignatures(db, { bootId: null });
    const remember = (signature: string, signedAt: number, now: number) => seen.remember(signature, signedAt, now);
    expect(await remember("old-a", T, T + 5_000)).toBe("replayed");
    expect(await remember("new", T + 5_000, T + 5_000)).toBe("accepted");
    // Same signature text, another signed time: another call's signature would differ, so this only shows the key
    // is the pair; a replay always carries both.
    expect(await remember("new", T + 5_000, T + 6_000)).toBe("replayed");
    // A sweep once old-a's window and the slack are over takes it and keeps old-b (1 s younger) and the new row.
    const sweepAt = T + SIGNATURE_WINDOW_MS + PURGE_SLACK_MS + 500;
    expect(await remember("later", sweepAt - 10, sweepAt)).toBe("accepted");
    const left = await db.$client.execute("SELECT signature FROM seen_signatures ORDER BY signed_at");
    expect(left.rows.map((r) => r.signature)).toEqual(["old-b", "new", "later"]);
  } finally {
    db.$client.close();
  }
});
