// Records every upstream call the gateway makes (provider, model, key, outcome, latency) in the gateway DB.
import type { GatewayDb } from "@waule/db/connect";
import type { Clock, Ids } from "@waule/shared/clock";
import { AppError } from "@waule/shared/errors";
import { deferredWrites } from "../calls/deferred-writes";
import type { UpstreamMetrics } from "../metrics/gateway-metrics";
import type { Capability } from "../providers/types";

export type UpstreamCall = {
  tenantId: string;
  requestId: string;
  capability: Capability;
  provider: string;
  model: string;
  keyId: string | null;
};

/** The log's needs; any feature's deps have them. */
export type LogDeps = { db: GatewayDb; clock: Clock; ids: Ids; metrics?: UpstreamMetrics };

/**
 * Runs `call`, then writes one row with its outcome and latency; the call's own error is rethrown unchanged.
 * With `endsWhen`, a value that outlives the call (a stream) is logged when that settles, not when `run` returns.
 * A failed log write never hides the upstream result: it is reported and the result still returned.
 */
export async function logUpstreamCall<T>(
  deps: LogDeps,
  call: UpstreamCall,
  run: () => Promise<T>,
  endsWhen?: (value: T) => Promise<void> | undefined,
): Promise<T> {
  const started = deps.clock.now();
  let value: T;
  try {
    value = await run();
  } catch (err) {
    writeRow(deps, call, started, err);
    throw err;
  }
  const ended = endsWhen?.(value);
  if (ended)
    void ended.then(
      () => writeRow(deps, call, started),
      (err: unknown) => writeRow(deps, call, started, err),
    );
  else writeRow(deps, call, started);
  return value;
}

/**
 * Never throws: a lost log row is reported, not passed on to the caller. The row is bookkeeping no answer waits
 * for: it is queued (calls/deferred-writes.ts) and committed with the other queued rows within DEFER_MS.
 */
function writeRow(deps: LogDeps, call: UpstreamCall, started: number, error?: unknown): void {
  const finished = deps.clock.now();
  const outcome =
    error === undefined
      ? { status: "ok" as const, errorCode: null }
      : { status: "error" as const, errorCode: error instanceof AppError ? error.code : "internal_error" };
  deps.metrics?.observeUpstream(
    { provider: call.provider, capability: call.capability, outcome: outcome.status },
    Math.max(0, finished - started) / 1000,
  );
  deferredWrites(deps.db).later([
    {
      sql: `INSERT INTO request_log (id, tenant_id, request_id, capability, provider, model, key_id, status, error_code, latency_ms, created_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        deps.ids.make("log"),
        call.tenantId,
        call.requestId,
        call.capability,
        call.provider,
        call.model,
        call.keyId,
        outcome.status,
        outcome.errorCode,
        Math.max(0, finished - started),
        finished,
      ],
    },
  ]);
}
