// Idempotency-Key for billed POSTs: a repeat gets the first answer back and is charged once.
import { AppError } from "@waule/shared/errors";
import { sha256Hex } from "@waule/shared/internal-signature";
import type { MiddlewareHandler } from "hono";
import type { AuthEnv } from "../auth/middleware";
import type { ServerDeps } from "../deps";
import { claimKey, completeKey, releaseKey } from "./store";

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
export const REPLAY_HEADER = "idempotent-replayed";

/**
 * Successful answers are stored and replayed; failed attempts (which charge nothing) free the key,
 * so a client retrying after an outage is not handed the outage again.
 */
export function idempotent(deps: Pick<ServerDeps, "db" | "clock" | "lease">): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const key = c.req.header("idempotency-key");
    if (key === undefined) return next();
    if (!KEY_PATTERN.test(key))
      throw new AppError("invalid_request", "Idempotency-Key must be 1-255 printable ASCII characters");
    const tenantId = c.var.principal.tenant.id;
    const requestHash = await sha256Hex(`${c.req.method} ${c.req.path}\n${await c.req.text()}`);
    const now = deps.clock.now();
    const claim = await claimKey(deps.db, { tenantId, key, requestHash, now, lease: deps.lease.stamp(now) });
    if (claim.kind === "mismatch")
      throw new AppError("conflict", "this Idempotency-Key was already used with a different request body");
    if (claim.kind === "in_progress")
      throw new AppError("conflict", "a request with this Idempotency-Key is still in progress");
    if (claim.kind === "replay") {
      return c.body(claim.body, claim.status as 200, { "content-type": "application/json", [REPLAY_HEADER]: "true" });
    }
    try {
      await next();
    } finally {
      // Hono has already turned a thrown error into c.res by the time next() returns.
      if (c.res.status >= 200 && c.res.status < 300) {
        await completeKey(deps.db, tenantId, key, c.res.status, await c.res.clone().text());
      } else {
        await releaseKey(deps.db, tenantId, key);
      }
    }
  };
}
