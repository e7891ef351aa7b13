// Records every upstream call the gateway makes (provider, model, key, outcome, latency) in the gateway DB.
import type { GatewayDb } from "@waule/db/connect";
import { requestLog } from "@waule/db/gateway";
import type { Clock, Ids } from "@waule/shared/clock";
import { AppError } from "@waule/shared/errors";
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
export type LogDeps = { db: GatewayDb; clock: Clock; ids: Ids };

/**
 * Runs `call`, then writes one row with its outcome and latency; the call's own error is rethrown unchanged.
 * A failed log write never hides the upstream result: it is reported and the result still returned.
 */
export async function logUpstreamCall<T>(deps: LogDeps, call: UpstreamCall, run: () => Promise<T>): Promise<T> {
  const started = deps.clock.now();
  let outcome: { status: "ok" | "error"; errorCode: string | null } = { status: "ok", errorCode: null };
  try {
    return await run();
  } catch (err) {
    outcome = { status: "error", errorCode: err instanceof AppError ? err.code : "internal_error" };
    throw err;
  } finally {
    const finished = deps.clock.now();
    await deps.db
      .insert(requestLog)
      .values({
        id: deps.ids.make("log"),
        ...call,
        ...outcome,
        latencyMs: Math.max(0, finished - started),
        createdAt: new Date(finished),
      })
      .catch((logErr: unknown) => console.error("[gateway] request log write failed", logErr));
  }
}
