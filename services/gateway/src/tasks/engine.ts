// The gateway's task engine, for every task kind: follows accepted rows, polls on demand (the server's poll) and in
// the background, one poll per task at a time.
import type { UpstreamTaskRow } from "@waule/db/gateway";
import { AppError } from "@waule/shared/errors";
import type { StorageTarget } from "@waule/shared/images";
import type { CallContext } from "../calls/context";
import { advanceTask } from "./advance";
import { findTask, isOpen, takeOpenTasksToVisit } from "./repository";
import { defaultEngineOptions, type TaskEngine, type TaskEngineOptions, type TaskKind } from "./types";

/** `kinds` says how each row is polled (tasks/kinds.ts in the app); a row of a kind not listed fails. */
export function createTaskEngine(
  deps: CallContext,
  kinds: readonly TaskKind[],
  opts: TaskEngineOptions = {},
): TaskEngine {
  const options = { ...defaultEngineOptions, ...opts };
  if (options.submitGraceMs <= options.submitTimeoutMs)
    throw new Error("submitGraceMs must exceed submitTimeoutMs, or a submit still running would be failed");
  const kindByName = new Map(kinds.map((kind) => [kind.name, kind]));
  /**
   * CUSTOM storage targets of tasks this process accepted or was polled for. Memory only: after a
   * restart the server's next poll brings the target again, and until then the task simply waits.
   */
  const customTargets = new Map<string, StorageTarget>();
  const inFlight = new Map<string, Promise<void>>();
  let timer: ReturnType<typeof setInterval> | null = null;
  let running: Promise<void> | null = null;

  /** Serialises polls of one task, so the background poller and a server poll never copy one result twice. */
  function advanceOnce(row: UpstreamTaskRow, target: StorageTarget | undefined): Promise<void> {
    const current = inFlight.get(row.id);
    if (current) return current;
    const step = advanceTask(deps, kindByName.get(row.capability), options, row, target).finally(() =>
      inFlight.delete(row.id),
    );
    inFlight.set(row.id, step);
    return step;
  }

  function forget(row: UpstreamTaskRow | undefined): void {
    if (row && !isOpen(row)) customTargets.delete(row.id);
  }

  async function tick(): Promise<void> {
    const now = deps.clock.now();
    const rows = await takeOpenTasksToVisit(deps.db, options.batchSize, now);
    for (const row of rows) {
      if (row.lastPolledAt && now - row.lastPolledAt.getTime() < options.minPollGapMs) continue;
      try {
        await advanceOnce(row, customTargets.get(row.id));
        forget(await findTask(deps.db, row.id));
      } catch (err) {
        console.error(`[gateway] polling task ${row.id} failed`, err);
      }
    }
  }

  function tickOnce(): Promise<void> {
    // Overlapping passes would only duplicate work; a caller during a pass waits for that pass.
    running ??= tick().finally(() => (running = null));
    return running;
  }

  return {
    submitTimeoutMs: options.submitTimeoutMs,

    track(row, storage) {
      if (storage.mode === "CUSTOM" && isOpen(row)) customTargets.set(row.id, storage);
    },

    async poll(id, caller) {
      const row = await findTask(deps.db, id);
      // Another tenant's task id answers exactly like an unknown one.
      if (!row || row.tenantId !== caller.tenantId) throw new AppError("not_found", `task ${id} not found`);
      if (!isOpen(row)) return row;
      const target = caller.storage?.mode === "CUSTOM" ? caller.storage : customTargets.get(id);
      if (row.storageMode === "CUSTOM" && target) customTargets.set(id, target);
      const recent = row.lastPolledAt && deps.clock.now() - row.lastPolledAt.getTime() < options.minPollGapMs;
      if (!recent) await advanceOnce(row, target);
      else await inFlight.get(id);
      const fresh = (await findTask(deps.db, id))!;
      forget(fresh);
      return fresh;
    },

    tick: tickOnce,

    start() {
      if (timer) return;
      const run = () => void tickOnce().catch((err) => console.error("[gateway] task poller pass failed", err));
      run();
      timer = setInterval(run, options.intervalMs);
    },

    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
      await Promise.allSettled([...inFlight.values()]);
    },
  };
}
