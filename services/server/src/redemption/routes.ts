// POST /api/v1/redeem (any caller of a tenant) and /admin/api/redemption-codes (operators).
import { redeemRequest, redemptionBatchQuery, redemptionBatchRequest } from "@waule/shared/redemption";
import { Hono } from "hono";
import type { AdminEnv } from "../admin/middleware";
import { clientIp } from "../auth/client-ip";
import type { AuthEnv } from "../auth/middleware";
import type { ServerDeps } from "../deps";
import { validate } from "../http/validate";
import { AttemptsLockedError, beginGuardedAttempt } from "../limits/failure-window";
import { batchExport, createBatch, disableBatch, getBatch, listBatches } from "./batches";
import { redeemCode } from "./redeem";

/**
 * Wrong codes count against the tenant and the caller's IP (sliding window, Redis when configured); past either
 * cap the caller gets 429 before the code is even looked up. A code that works gives its attempt back.
 */
export function redeemRoutes(deps: Pick<ServerDeps, "db" | "clock" | "config" | "limits">) {
  const trustProxy = deps.config.TRUST_PROXY === "true";
  return new Hono<AuthEnv>().post("/", validate("json", redeemRequest), async (c) => {
    const tenantId = c.var.principal.tenant.id;
    let attempt: Awaited<ReturnType<typeof beginGuardedAttempt>>;
    try {
      attempt = await beginGuardedAttempt(
        deps.limits.concurrency,
        [
          { key: `redeem:ip:${clientIp(c, trustProxy)}`, max: deps.config.REDEEM_IP_MAX_FAILURES },
          { key: `redeem:tenant:${tenantId}`, max: deps.config.REDEEM_MAX_FAILURES },
        ],
        deps.config.REDEEM_WINDOW_SECONDS,
        "redemption codes",
      );
    } catch (err) {
      if (err instanceof AttemptsLockedError) c.header("Retry-After", String(err.retryAfterSeconds));
      throw err;
    }
    const answer = await redeemCode({ db: deps.db, now: deps.clock.now() }, tenantId, c.req.valid("json").code);
    await attempt.succeeded();
    return c.json(answer);
  });
}

export function adminRedemptionRoutes(deps: Pick<ServerDeps, "db" | "clock" | "ids">) {
  const now = () => deps.clock.now();
  return new Hono<AdminEnv>()
    .post("/", validate("json", redemptionBatchRequest), async (c) =>
      c.json(await createBatch(deps, c.var.admin, c.req.valid("json")), 201),
    )
    .get("/", validate("query", redemptionBatchQuery), async (c) =>
      c.json(await listBatches(deps.db, c.req.valid("query"), now())),
    )
    .get("/:id", async (c) => c.json(await getBatch(deps.db, c.req.param("id"), now())))
    .get("/:id/export.csv", async (c) => batchExport(deps.db, c.req.param("id"), now()))
    .post("/:id/disable", async (c) => c.json(await disableBatch(deps, c.var.admin, c.req.param("id"))));
}
