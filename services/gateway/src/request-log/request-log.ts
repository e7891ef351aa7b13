// Records every upstream call the gateway makes (provider, model, key, outcome, latency) in the gateway DB.
import type { GatewayDb } from "@waule/db/connect";
import { requestLog } from "@waule/db/gateway";
import { AppError } from "@waule/shared/errors";
import type { Clock, Ids } from "../clock";
import type { Capability } from "../providers/types";

export type UpstreamCall = {
  tenantId: string;
  requestId: string;
  capability: Capability;
  provider: string;
  model: string;
  keyId: string | null;
};

export type LogDeps = { db: GatewayDb; now: () => number; nextId: () => string };

/** The log's needs, from any feature's deps. */
export function logDepsOf(deps: { db: GatewayDb; clock: Clock; ids: Ids }): LogDeps {
  return { db: deps.db, now: () => deps.clock.now(), nextId: () => deps.ids.next() };
}

/**
 * Runs `call`, then writes one row with its outcome and latency; the call's own error is rethrown unchanged.
 * A failed log write never hides the upstream result: it is reported and the result still returned.
 */
export async function logUpstreamCall<T>(deps: LogDeps, call: UpstreamCall, run: () => Promise<T>): Promise<T> {
  const started = deps.now();
  let outcome: { status: "ok" | "error"; errorCode: string | null } = { status: "ok", errorCode: null };
  try {
    return await run();
  } catch (err) {
    outcome = { status: "error", errorCode: err instanceof AppError ? err.code : "internal_error" };
    throw err;
  } finally {
    const finished = deps.now();
    await deps.db
      .insert(requestLog)
      .values({
        id: deps.nextId(),
        ...call,
        ...outcome,
        latencyMs: Math.max(0, finished - started),
        createdAt: new Date(finished),
      })
      .catch((logErr: unknown) => console.error("[gateway] request log write failed", logErr));
  }
}
