// POST /api/v1/audio/speech: OpenAI-compatible (answers audio bytes), or `waule_response: "url"` for a stored file's URL.
import { speechRequest } from "@waule/shared/speech";
import { Hono } from "hono";
import { assertModelAllowed } from "../api-keys/key-policy";
import type { AuthEnv } from "../auth/middleware";
import type { ServerDeps } from "../deps";
import { validate } from "../http/validate";
import { audioResponse } from "./answers";
import { idempotentSpeech } from "./idempotency";
import { speechUrlBody, synthesizeSpeech } from "./synthesize";

export function speechRoutes(deps: ServerDeps) {
  return new Hono<AuthEnv>().post("/speech", validate("json", speechRequest), async (c) => {
    const { tenant, user, apiKeyId, allowedModels } = c.var.principal;
    const caller = { tenantId: tenant.id, userId: user?.id ?? null, apiKeyId };
    const request = c.req.valid("json");
    assertModelAllowed(allowedModels, request.model);
    const key = c.req.header("idempotency-key");
    if (key !== undefined) return idempotentSpeech(deps, c, key, caller, request);
    const result = await synthesizeSpeech(deps, caller, request, request.waule_response === "url");
    if (result.kind === "stored") return c.json(speechUrlBody(result));
    return audioResponse(result, result);
  });
}
