// The server's task runner: polls the gateway for every unfinished task, enforces deadlines, repairs and sweeps; resumes everything on start.
import { models, type TaskRow } from "@waule/db/server";
import { AppError } from "@waule/shared/errors";
import { eq } from "drizzle-orm";
import { createLoginAttemptStore } from "../auth/login-failures";
import { GRANT_SWEEP_EVERY_MS, sweepCreditGrants } from "../billing/credit-expiry";
import { releaseStaleHolds } from "../billing/stale-holds";
import type { ServerDeps } from "../deps";
import { releaseStalePendingKeys } from "../idempotency/stale";
import { storageTargetFor } from "../tenant-storage";
import type { WebhookDispatcher } from "../webhooks/dispatcher";
import { submitToGateway } from "./gateway-submit";
import { applyGatewayStatus, closeHoldFor, failTask } from "./lifecycle";
import { findTaskRow, listFinishedWithOpenHold, setGatewayTask, takeOpenTasksToPoll } from "./repository";

const RESUBMIT_AFTER_MS = 15_000;

export type TaskRunnerOptions = {
  intervalMs?: number;
  batchSize?: number;
  /**
   * A task with no gateway id this long after submit lost its submit's answer (either service stopped mid-call) and is
   * sent again. Sending it while the first submit still waits is harmless (the gateway finds its row by our task id);
   * it only has to come well before the gateway's submit grace, so a submit lost inside the gateway fails within a minute.
   */
  resubmitAfterMs?: number;
  /** Webhook deliveries of finished tasks run from the same loop when given. */
  webhooks?: WebhookDispatcher;
};

export type TaskRunner = {
  /** One pass: repair, poll every unfinished task once, sweep stale holds and keys, start due webhooks. */
  tick(): Promise<void>;
  /** Starts the loop; its first pass picks up every unfinished task a previous process left. */
  start(): void;
  stop(): Promise<void>;
};

export function createTaskRunner(deps: ServerDeps, opts: TaskRunnerOptions = {}): TaskRunner {
  const intervalMs = opts.intervalMs ?? deps.config.TASK_POLL_INTERVAL_MS;
  const batchSize = opts.batchSize ?? 100;
  const resubmitAfterMs = opts.resubmitAfterMs ?? RESUBMIT_AFTER_MS;
  let timer: ReturnType<typeof setInterval> | null = null;
  let running: Promise<void> | null = null;
  let grantsSweptAt = Number.NEGATIVE_INFINITY;

  const failPastDeadline = (row: TaskRow) =>
    failTask(deps, row, {
      code: "upstream_timeout",
      message: "the task did not finish before its deadline; its credits were refunded",
    });

  async function advance(row: TaskRow): Promise<void> {
    const now = deps.clock.now();
    if (now > row.deadlineAt.getTime()) {
      // Asked first: after server downtime the gateway may have finished the task well before the deadline.
      const status = row.gatewayTaskId ? await poll(row, row.gatewayTaskId).catch(() => null) : null;
      if (status && status.status !== "queued" && status.status !== "running")
        await applyGatewayStatus(deps, row, status);
      else await failPastDeadline(row);
      return;
    }
    if (!row.gatewayTaskId) {
      if (now - row.createdAt.getTime() < resubmitAfterMs) return;
      const model = await deps.db.query.models.findFirst({ where: eq(models.id, row.model) });
      if (!model) {
        await failTask(deps, row, { code: "invalid_request", message: `model ${row.model} no longer exists` });
        return;
      }
      // The gateway finds the task it may already have by our task id, so this never starts a second job.
      const status = await submitToGateway(deps, row, model, await storageTargetFor(deps, row.tenantId));
      await setGatewayTask(deps.db, row.id, status.gatewayTaskId, status.provider, status.sandbox);
      await applyGatewayStatus(deps, (await findTaskRow(deps.db, row.id))!, status);
      return;
    }
    let status: Awaited<ReturnType<typeof poll>>;
    try {
      status = await poll(row, row.gatewayTaskId);
    } catch (err) {
      if (err instanceof AppError && err.code === "not_found") {
        await failTask(deps, row, {
          code: "upstream_unavailable",
          message: "the gateway no longer knows this task; its credits were refunded",
        });
        return;
      }
      // Gateway down or restarting: the task keeps its hold and is asked about again next pass.
      throw err;
    }
    await applyGatewayStatus(deps, row, status);
  }

  async function poll(row: TaskRow, gatewayTaskId: string) {
    // Unsealed per poll: the gateway needs a CUSTOM tenant's bucket to store the result and keeps none of it.
    const storage = await storageTargetFor(deps, row.tenantId);
    return deps.gateway.pollTask(gatewayTaskId, { tenantId: row.tenantId, storage });
  }

  async function pass(): Promise<void> {
    for (const row of await listFinishedWithOpenHold(deps.db, batchSize)) await closeHoldFor(deps, row);
    for (const row of await takeOpenTasksToPoll(deps.db, batchSize, deps.clock.now())) {
      try {
        await advance(row);
      } catch (err) {
        console.error(`[tasks] task ${row.id}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    // Our own calls' leases are fresh before any sweep looks at them; only a dead process's run out.
    await deps.lease.renew();
    const ctx = { db: deps.db, now: deps.clock.now() };
    const graceMs = deps.config.STALE_HOLD_GRACE_SECONDS * 1000;
    await releaseStaleHolds(ctx, graceMs);
    // Off the billed path: expiring credits are spent down from the ledger, then expired (billing/credit-expiry.ts).
    const sinceGrantSweep = deps.clock.now() - grantsSweptAt;
    if (sinceGrantSweep >= GRANT_SWEEP_EVERY_MS || sinceGrantSweep < 0) {
      grantsSweptAt = deps.clock.now();
      await sweepCreditGrants({ db: deps.db, now: grantsSweptAt });
    }
    await releaseStalePendingKeys(ctx, graceMs);
    await createLoginAttemptStore(deps).sweep();
    await opts.webhooks?.tick();
  }

  function tick(): Promise<void> {
    // A pass already running is awaited, never doubled.
    running ??= pass().finally(() => (running = null));
    return running;
  }

  return {
    tick,
    start() {
      if (timer) return;
      const run = () => void tick().catch((err) => console.error("[tasks] runner pass failed", err));
      run();
      timer = setInterval(run, intervalMs);
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => {});
    },
  };
}
