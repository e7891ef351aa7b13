// POST /api/v1/chat/completions: OpenAI-compatible, whole answers as JSON or `stream: true` as SSE, billed by tokens.
import { chatCompletionRequest } from "@waule/shared/chat";
import { AppError } from "@waule/shared/errors";
import { Hono, type MiddlewareHandler } from "hono";
import { assertModelAllowed } from "../api-keys/key-policy";
import type { AuthEnv } from "../auth/middleware";
import type { ServerDeps } from "../deps";
import { validate } from "../http/validate";
import { idempotent } from "../idempotency/middleware";
import { completeChat } from "./complete";
import { streamChat } from "./stream";

/**
 * Idempotency-Key replays a stored answer, which a stream cannot be; refusing the pair is safer than
 * silently charging a retried stream twice.
 */
function idempotentWhole(deps: ServerDeps): MiddlewareHandler<AuthEnv> {
  const inner = idempotent(deps);
  return async (c, next) => {
    if (c.req.header("idempotency-key") === undefined) return next();
    // Read as text first so the idempotency hash and the validator both see the body exactly as sent.
    let streamed = false;
    try {
      streamed = (JSON.parse(await c.req.text()) as { stream?: unknown } | null)?.stream === true;
    } catch {
      // Not JSON: the validator answers that.
    }
    if (streamed) throw new AppError("invalid_request", "Idempotency-Key is not supported with stream: true");
    return inner(c, next);
  };
}

export function chatRoutes(deps: ServerDeps) {
  return new Hono<AuthEnv>().post(
    "/completions",
    idempotentWhole(deps),
    validate("json", chatCompletionRequest),
    async (c) => {
      const { tenant, user, apiKeyId, allowedModels } = c.var.principal;
      const caller = { tenantId: tenant.id, userId: user?.id ?? null, apiKeyId };
      const request = c.req.valid("json");
      assertModelAllowed(allowedModels, request.model);
      if (request.stream) return streamChat(deps, caller, request, c.req.raw.signal);
      return c.json(await completeChat(deps, caller, request));
    },
  );
}
