// Idempotency-Key for speech. The shared middleware stores JSON answers only, so a keyed call stores its audio and
// keeps the URL answer; a replay hands back that answer, or downloads the stored audio again when bytes were asked for.
import { AppError } from "@waule/shared/errors";
import { sha256Hex } from "@waule/shared/internal-signature";
import { type SpeechRequest, speechUrlResponse } from "@waule/shared/speech";
import type { Context } from "hono";
import type { AuthEnv } from "../auth/middleware";
import type { ServerDeps } from "../deps";
import { REPLAY_HEADER } from "../idempotency/middleware";
import { claimKey, completeKey, releaseKey } from "../idempotency/store";
import { audioResponse } from "./answers";
import { type SpeechCaller, speechUrlBody, synthesizeSpeech } from "./synthesize";

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export async function idempotentSpeech(
  deps: ServerDeps,
  c: Context<AuthEnv>,
  key: string,
  caller: SpeechCaller,
  request: SpeechRequest,
): Promise<Response> {
  if (!KEY_PATTERN.test(key))
    throw new AppError("invalid_request", "Idempotency-Key must be 1-255 printable ASCII characters");
  const requestHash = await sha256Hex(`${c.req.method} ${c.req.path}\n${await c.req.text()}`);
  const claim = await claimKey(deps.db, { tenantId: caller.tenantId, key, requestHash, now: deps.clock.now() });
  if (claim.kind === "mismatch")
    throw new AppError("conflict", "this Idempotency-Key was already used with a different request body");
  if (claim.kind === "in_progress")
    throw new AppError("conflict", "a request with this Idempotency-Key is still in progress");

  let stored: string;
  if (claim.kind === "replay") {
    stored = claim.body;
  } else {
    try {
      const result = await synthesizeSpeech(deps, caller, request, true);
      if (result.kind !== "stored") throw new AppError("internal_error", "speech was not stored");
      stored = JSON.stringify(speechUrlBody(result));
    } catch (err) {
      // A failed attempt charged nothing, so the key is freed for a retry.
      await releaseKey(deps.db, caller.tenantId, key);
      throw err;
    }
    await completeKey(deps.db, caller.tenantId, key, 200, stored);
  }

  const replayed: Record<string, string> = claim.kind === "replay" ? { [REPLAY_HEADER]: "true" } : {};
  if (request.waule_response === "url") return c.body(stored, 200, { "content-type": "application/json", ...replayed });
  const answer = speechUrlResponse.parse(JSON.parse(stored));
  const data = await deps.gateway.fetchFile(answer.url);
  const meta = {
    requestId: answer.waule?.request_id ?? "",
    credits: answer.waule?.credits ?? 0,
    sandbox: answer.waule?.sandbox ?? false,
  };
  return audioResponse({ data, mimeType: answer.mime_type }, meta, replayed);
}
