// The signatures of internal calls already accepted, so a captured call sent again is refused instead of paying
// upstream a second time. Kept in the gateway database, so every gateway instance sharing it refuses the replay.
// Each check is one INSERT OR IGNORE through the group commit (db.$sql): cheap per call, and still decided by the
// shared table's primary key, so of two copies of a call, on any instances, exactly one gets in.
//
// Most rows are written without their own fsync. A commit without one is in the operating system's cache at once:
// every process of this machine sees it, and a crash of the process loses nothing. Only a crash of the machine can
// lose it, and only together with every later commit (the WAL is replayed as a prefix). So the rows are covered by
// one durable mark instead (seen_signature_cover): before a signature timestamped after the mark is accepted, the
// mark is moved COVER_STEP_MS past it in the same, fsynced, commit. Whatever an unsynced commit can lose is then
// timestamped at or before a mark that is on disk. When this process starts on a machine boot other than the one
// that wrote the mark, the mark becomes the horizon: a signature timestamped at or before it is refused, since its
// row may be one the crash took. Cost: one fsync per COVER_STEP_MS instead of one per call; a call signed in the
// last ~3 s before a machine crash and sent again after a reboot that took less than that is refused (401).
import { readFileSync } from "node:fs";
import type { GatewayDb } from "@waule/db/connect";
import type { SqlStmt } from "@waule/db/statements";
import { SIGNATURE_WINDOW_MS } from "@waule/shared/internal-signature";

/** Expired rows are swept at most this often (on the clock the calls carry), as part of a normal call. */
const PURGE_EVERY_MS = 60_000;
/**
 * A row is swept only this long after it expired: the sweep goes by the sweeping gateway's clock, the window check
 * by the receiving one's, so a gateway whose clock runs behind another's (by less than this) still finds the row of
 * a replay it would take as inside the window.
 */
export const PURGE_SLACK_MS = 60_000;
/** How far past a signature's timestamp one fsynced raise of the mark reaches. */
export const COVER_STEP_MS = 2_000;
/**
 * A signature timestamped further ahead of this gateway's clock than this (a server clock running fast) is written
 * with its own fsync and never moves the mark, so the horizon after a reboot stays seconds, not minutes, behind.
 */
const FUTURE_SLACK_MS = 1_000;

export type RememberOutcome = "accepted" | "replayed" | "before-restart";

export type SeenSignatures = {
  /**
   * Records the signature made at `timestampMs`; "replayed" when it was already recorded. A row goes PURGE_SLACK_MS
   * after its signature leaves the window (SIGNATURE_WINDOW_MS), when it can no longer verify.
   */
  remember(signature: string, timestampMs: number, nowMs: number): Promise<RememberOutcome>;
};

export type SeenSignaturesOptions = {
  /**
   * This machine's boot (Linux: /proc/sys/kernel/random/boot_id); null where none can be read, and then every row
   * is written with its own fsync, and a mark other instances left on the file is taken as the horizon (a call
   * signed in the ~2 s before this process started may be refused). Tests pass one to play a reboot.
   */
  bootId?: string | null;
};

export function readBootId(): string | null {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim() || null;
  } catch {
    return null;
  }
}

export function createSeenSignatures(db: GatewayDb, options: SeenSignaturesOptions = {}): SeenSignatures {
  let nextPurgeAt = 0;
  // A remote database keeps every commit itself: the mark is neither needed nor meaningful across its machines.
  const bootId = db.$sql.local ? (options.bootId === undefined ? readBootId() : options.bootId) : null;
  /** This process's own raises of the mark that are on disk (a signature at or before it needs no fsync). */
  let coveredUntil = Number.NEGATIVE_INFINITY;
  let horizon = Number.NEGATIVE_INFINITY;
  let started: Promise<void> | undefined;

  // Once per process, before its first check: note this boot on the mark (durably), and learn the horizon.
  const start = async () => {
    if (bootId === null) {
      // No boot id here, but one shared local file: another instance's mark may cover rows a crash took. This one
      // cannot tell whether the machine rebooted since, so it takes the mark as its horizon (none: nothing to fear).
      if (!db.$sql.local) return;
      const row = await db.$sql.get(
        "SELECT MAX(covered_until, horizon) AS mark FROM seen_signature_cover WHERE id = 1",
        [],
      );
      if (row) horizon = Number(row.mark);
      return;
    }
    const [row] = await db.$sql.write([
      {
        sql: `INSERT INTO seen_signature_cover (id, boot_id, covered_until, horizon) VALUES (1, ?, 0, 0)
              ON CONFLICT (id) DO UPDATE SET boot_id = excluded.boot_id,
                horizon = CASE WHEN boot_id = excluded.boot_id THEN horizon ELSE MAX(horizon, covered_until) END
              RETURNING horizon`,
        args: [bootId],
        first: true,
      },
    ]);
    horizon = Number(row!.rows[0]!.horizon);
  };

  return {
    async remember(signature, timestampMs, nowMs) {
      if (!started)
        started = start().catch((error: unknown) => {
          started = undefined;
          throw error;
        });
      await started;
      if (timestampMs <= horizon) return "before-restart";
      const purge: SqlStmt[] =
        nowMs >= nextPurgeAt
          ? [
              {
                // Signed before this, the row's signature expired more than PURGE_SLACK_MS ago.
                sql: "DELETE FROM seen_signatures WHERE signed_at < ?",
                args: [nowMs - PURGE_SLACK_MS - SIGNATURE_WINDOW_MS],
              },
            ]
          : [];
      if (purge.length) nextPurgeAt = nowMs + PURGE_EVERY_MS;
      const covered = bootId !== null && timestampMs <= coveredUntil;
      const raiseTo = Math.max(timestampMs, nowMs) + COVER_STEP_MS;
      const raise: SqlStmt[] =
        bootId !== null && !covered && timestampMs <= nowMs + FUTURE_SLACK_MS
          ? [
              {
                sql: "UPDATE seen_signature_cover SET covered_until = MAX(covered_until, ?) WHERE id = 1",
                args: [raiseTo],
              },
            ]
          : [];
      // One statement decides: of two racing copies of a call (the same signed time and signature), exactly one insert
      // takes the primary key.
      const results = await db.$sql.write(
        [
          ...purge,
          {
            sql: "INSERT INTO seen_signatures (signed_at, signature) VALUES (?, ?) ON CONFLICT DO NOTHING",
            args: [timestampMs, signature],
          },
          ...raise,
        ],
        { durable: !covered },
      );
      if (raise.length) coveredUntil = Math.max(coveredUntil, raiseTo);
      return results[purge.length]?.rowsAffected === 1 ? "accepted" : "replayed";
    },
  };
}
