// Accepting a job of any kind: one upstream_tasks row per server task (a resubmit finds it), written before the
// provider is called, so a crash in between leaves a row the poller fails (after submitGraceMs) instead of an
// upstream job nobody knows about being billed twice. Then the provider's submit, bounded by submitTimeoutMs so that
// past the grace no submit of the row can still be running anywhere, then the id that links to the job.
import type { UpstreamTaskRow } from "@waule/db/gateway";
import type { StorageTarget } from "@waule/shared/images";
import { assertStorableTenant } from "../storage/keys";
import { findByServerTask, findTask, recordAccepted, recordSubmitFailure } from "./repository";
import type { TaskKindDeps } from "./types";

export type TaskJob = { tenantId: string; serverTaskId: string; storage: StorageTarget };

/** What the provider accepted, as the row keeps it; provider and model change when a stand-in took the job. */
export type AcceptedJob = { upstreamTaskId: string; keyId: string | null } & Partial<
  Pick<UpstreamTaskRow, "provider" | "upstreamModel">
>;

export type AcceptSteps = {
  /**
   * Checks the job (throwing refuses it, nothing written) and inserts its row with this id (insertUpstreamTask);
   * null when a concurrent resubmit of the same server task inserted first.
   */
  insert(id: string): Promise<UpstreamTaskRow | null>;
  /** Calls the provider for the row just written; `signal` aborts the call when the submit took too long. */
  submit(row: UpstreamTaskRow, signal: AbortSignal): Promise<AcceptedJob>;
  /** What a failure that is no AppError is recorded as. */
  refusal: string;
};

export async function acceptTask(deps: TaskKindDeps, job: TaskJob, steps: AcceptSteps): Promise<UpstreamTaskRow> {
  const row = await acceptOnce(deps, job, steps);
  deps.tasks.track(row, job.storage);
  return row;
}

async function acceptOnce(deps: TaskKindDeps, job: TaskJob, steps: AcceptSteps): Promise<UpstreamTaskRow> {
  assertStorableTenant(job.tenantId);
  const existing = await findByServerTask(deps.db, job.tenantId, job.serverTaskId);
  if (existing) return existing;
  const row = await steps.insert(deps.ids.make("gt"));
  // Lost a race with a concurrent resubmit of the same server task: that one submits upstream.
  if (!row) return (await findByServerTask(deps.db, job.tenantId, job.serverTaskId))!;
  try {
    await recordAccepted(
      deps.db,
      row.id,
      await steps.submit(row, AbortSignal.timeout(deps.tasks.submitTimeoutMs)),
      deps.clock.now(),
    );
  } catch (err) {
    await recordSubmitFailure(deps.db, row.id, err, steps.refusal, deps.clock.now());
    throw err;
  }
  return (await findTask(deps.db, row.id))!;
}
