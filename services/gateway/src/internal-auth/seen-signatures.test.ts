// The replay guard's rows without an fsync each: covered by one durable mark, and refused after a reboot that may
// have lost them. Real libSQL files; a reboot is played by opening the same file with another boot id, a lost row by
// deleting it (what a machine crash does to an unsynced commit), a process crash by SIGKILL of a real child process.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { type GatewayDb, openGatewayDb } from "@waule/db/connect";
import { SIGNATURE_WINDOW_MS } from "@waule/shared/internal-signature";
import { openTempGatewayDb } from "../keys/temp-db";
import { COVER_STEP_MS, createSeenSignatures, PURGE_SLACK_MS } from "./seen-signatures";

let env: Awaited<ReturnType<typeof openTempGatewayDb>>;
beforeEach(async () => {
  env = await openTempGatewayDb();
});
afterEach(async () => env.close());

const WINDOW = SIGNATURE_WINDOW_MS;
const T = 1_800_000_000_000;
const remember = (seen: ReturnType<typeof createSeenSignatures>, signature: string, signedAt: number, now = signedAt) =>
  seen.remember(signature, signedAt, now);
const durableCommits = (db: GatewayDb) => db.$sql.counts.durableCommits;
const cover = async (db: GatewayDb) =>
  (await db.$client.execute("SELECT boot_id, covered_until, horizon FROM seen_signature_cover")).rows.map((r) => ({
    bootId: String(r.boot_id),
    coveredUntil: Number(r.covered_until),
    horizon: Number(r.horizon),
  }));

describe("seen signatures without an fsync each", () => {
  test("one fsynced commit raises the mark; signatures under it commit without one; past it, the next raise", async () => {
    const seen = createSeenSignatures(env.db, { bootId: "boot-a" });
    const start = durableCommits(env.db);
    expect(await remember(seen, "s1", T)).toBe("accepted");
    // The boot note and the first raise: both durable.
    expect(durableCommits(env.db) - start).toBe(2);
    expect(await cover(env.db)).toEqual([{ bootId: "boot-a", coveredUntil: T + COVER_STEP_MS, horizon: 0 }]);
    const commits = env.db.$sql.counts.commits;
    for (let i = 0; i < 5; i++) expect(await remember(seen, `s2-${i}`, T + 100 * i)).toBe("accepted");
    expect(env.db.$sql.counts.commits - commits).toBe(5);
    expect(durableCommits(env.db) - start).toBe(2);
    // Timestamped after the mark: accepted in a durable commit that moves the mark past it.
    expect(await remember(seen, "s3", T + COVER_STEP_MS + 1)).toBe("accepted");
    expect(durableCommits(env.db) - start).toBe(3);
    expect((await cover(env.db))[0]!.coveredUntil).toBe(T + 2 * COVER_STEP_MS + 1);
    // A replay is refused whatever the durability of the row it hits.
    expect(await remember(seen, "s2-3", T + 300)).toBe("replayed");
  });

  test("after a reboot, a signature from before the mark is refused even though the crash lost its row", async () => {
    const before = createSeenSignatures(env.db, { bootId: "boot-a" });
    expect(await remember(before, "early", T)).toBe("accepted");
    expect(await remember(before, "lost", T + 500)).toBe("accepted");
    // The machine crashes: the unsynced commit of "lost" is gone (its row with it).
    await env.db.$client.execute("DELETE FROM seen_signatures WHERE signature = 'lost'");
    const rebooted = await openGatewayDb({ url: env.url });
    try {
      const after = createSeenSignatures(rebooted, { bootId: "boot-b" });
      // Sent again 2 s later, still inside its 5-minute window: refused, not paid for a second time.
      expect(await remember(after, "lost", T + 500, T + 2_500)).toBe("before-restart");
      expect(await cover(rebooted)).toEqual([
        { bootId: "boot-b", coveredUntil: T + COVER_STEP_MS, horizon: T + COVER_STEP_MS },
      ]);
      // A call signed after the mark passes.
      expect(await remember(after, "fresh", T + COVER_STEP_MS + 1)).toBe("accepted");
      // The gateway process restarts on the same boot: the horizon is kept, so the lost call stays refused.
      const restarted = createSeenSignatures(rebooted, { bootId: "boot-b" });
      expect(await remember(restarted, "lost", T + 500, T + 3_000)).toBe("before-restart");
      expect(await remember(restarted, "fresh", T + COVER_STEP_MS + 1)).toBe("replayed");
    } finally {
      rebooted.$client.close();
    }
  });

  test("a process restart on the same boot keeps no horizon: nothing can have been lost", async () => {
    const first = createSeenSignatures(env.db, { bootId: "boot-a" });
    expect(await remember(first, "a1", T)).toBe("accepted");
    const second = createSeenSignatures(env.db, { bootId: "boot-a" });
    expect(await remember(second, "a2", T + 10)).toBe("accepted");
    expect(await remember(second, "a1", T)).toBe("replayed");
    expect((await cover(env.db))[0]!.horizon).toBe(0);
  });

  test("a signature dated ahead of this clock is written with its own fsync and does not move the mark", async () => {
    const seen = createSeenSignatures(env.db, { bootId: "boot-a" });
    expect(await remember(seen, "now", T)).toBe("accepted");
    const durable = durableCommits(env.db);
    expect(await remember(seen, "ahead", T + 60_000, T)).toBe("accepted");
    expect(durableCommits(env.db) - durable).toBe(1);
    expect((await cover(env.db))[0]!.coveredUntil).toBe(T + COVER_STEP_MS);
  });

  test("without a boot id every row is written with its own fsync", async () => {
    const seen = createSeenSignatures(env.db, { bootId: null });
    const start = durableCommits(env.db);
    for (let i = 0; i < 3; i++) expect(await remember(seen, `n${i}`, T + i)).toBe("accepted");
    expect(durableCommits(env.db) - start).toBe(3);
    expect(await cover(env.db)).toEqual([]);
  });

  test("an instance without a boot id on a file another instance marked takes the mark as its horizon", async () => {
    const marked = createSeenSignatures(env.db, { bootId: "boot-a" });
    expect(await remember(marked, "lost", T + 500)).toBe("accepted");
    // The machine crashes and the unsynced row is gone; the gateway comes back where no boot id can be read.
    await env.db.$client.execute("DELETE FROM seen_signatures WHERE signature = 'lost'");
    const blind = createSeenSignatures(env.db, { bootId: null });
    expect(await remember(blind, "lost", T + 500, T + 2_500)).toBe("before-restart");
    expect(await remember(blind, "fresh", T + 500 + COVER_STEP_MS + 1)).toBe("accepted");
  });

  test("a row outlives its expiry by PURGE_SLACK_MS: a gateway whose clock runs behind the sweeper's still refuses", async () => {
    const expires = T + WINDOW;
    const ahead = createSeenSignatures(env.db, { bootId: null });
    expect(await remember(ahead, "old", T)).toBe("accepted");
    // 30 s past the row's expiry on this clock: a sweep runs and must keep it.
    expect(await remember(ahead, "later", expires + 30_000)).toBe("accepted");
    const behind = createSeenSignatures(env.db, { bootId: null });
    // On a clock 30 s behind, the replay is still inside its window.
    expect(await behind.remember("old", T, expires)).toBe("replayed");
    // A sweep past the slack takes the row.
    const sweptAt = expires + 30_000 + 60_000 + PURGE_SLACK_MS;
    expect(await remember(ahead, "much-later", sweptAt)).toBe("accepted");
    const left = await env.db.$client.execute("SELECT COUNT(*) AS n FROM seen_signatures WHERE signature = 'old'");
    expect(Number(left.rows[0]!.n)).toBe(0);
  });

  test("a gateway process killed with SIGKILL right after accepting: the unsynced row is there for the next one", async () => {
    const child = `
      import { openGatewayDb } from "@waule/db/connect";
      import { createSeenSignatures } from "./src/internal-auth/seen-signatures";
      const db = await openGatewayDb({ url: ${JSON.stringify(env.url)} });
      const seen = createSeenSignatures(db, { bootId: "boot-a" });
      for (const [s, t] of [["k1", ${T}], ["k2", ${T + 10}]]) console.log(await seen.remember(s, t, t));
      console.log(JSON.stringify(db.$sql.counts));
      await new Promise(() => {});
    `;
    const proc = Bun.spawn(["bun", "-e", child], {
      cwd: join(import.meta.dir, "../.."),
      stdout: "pipe",
      stderr: "inherit",
    });
    const reader = proc.stdout.getReader();
    let out = "";
    while (out.split("\n").length < 4) {
      const { value, done } = await reader.read();
      if (done) break;
      out += new TextDecoder().decode(value);
    }
    proc.kill("SIGKILL");
    await proc.exited;
    const [k1, k2, counts] = out.trim().split("\n");
    expect([k1, k2]).toEqual(["accepted", "accepted"]);
    // k2 went in a commit without an fsync (two durable commits: the boot note and k1's raise).
    expect(JSON.parse(counts!)).toMatchObject({ commits: 3, durableCommits: 2 });
    const next = createSeenSignatures(env.db, { bootId: "boot-a" });
    expect(await remember(next, "k2", T + 10)).toBe("replayed");
    expect(await remember(next, "k1", T)).toBe("replayed");
  });
});
