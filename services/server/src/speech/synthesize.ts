// Billed speech: price the characters → hold → gateway (bytes, or stored) → settle → usage row; released on any failure.
import { AppError } from "@waule/shared/errors";
import type { StoredFile } from "@waule/shared/images";
import { speechCredits } from "@waule/shared/pricing";
import { type SpeechRequest, type SpeechUrlResponse, speechCharacters } from "@waule/shared/speech";
import { holdCredits, releaseHold, settleAnsweredHold } from "../billing/ledger";
import type { ServerDeps } from "../deps";
import { requireModel } from "../models/catalogue";
import { storageTargetFor } from "../tenant-storage";

export const SPEECH_OPERATION = "audio.speech";
/** Characters of the spoken text kept on the usage row for History. */
const PROMPT_KEPT = 1000;

export type SpeechCaller = { tenantId: string; userId: string | null; apiKeyId?: string | null };

type Produced = { provider: string; sandbox: boolean; mimeType: string; bytes: number; durationSeconds?: number };
export type SpeechResult = { requestId: string; credits: number; sandbox: boolean } & (
  | { kind: "bytes"; data: Uint8Array; mimeType: string; durationSeconds?: number }
  | { kind: "stored"; file: StoredFile }
);

/** `store` keeps the audio in the tenant's storage (URL answers, and replays of an Idempotency-Key). */
export async function synthesizeSpeech(
  deps: ServerDeps,
  caller: SpeechCaller,
  request: SpeechRequest,
  store: boolean,
): Promise<SpeechResult> {
  const model = await requireModel(deps.db, request.model, "speech", caller.tenantId, request.provider);
  const characters = speechCharacters(request.input);
  const credits = speechCredits(model, characters);
  // The tenant's own bucket when it has one; read before holding so a broken storage setting costs nothing.
  const storage = store ? await storageTargetFor(deps, caller.tenantId) : ({ mode: "PLATFORM" } as const);
  const requestId = deps.ids.make("req");
  const ledger = () => ({ db: deps.db, now: deps.clock.now() });
  const hold = await holdCredits(ledger(), {
    tenantId: caller.tenantId,
    holdId: deps.ids.make("hold"),
    amount: credits,
    requestId,
    spender: { apiKeyId: caller.apiKeyId ?? null, userId: caller.userId },
    lease: deps.lease.stamp(deps.clock.now()),
    model: model.id,
    operation: SPEECH_OPERATION,
  });

  const internal = {
    tenantId: caller.tenantId,
    requestId,
    model: model.id,
    provider: model.provider,
    upstreamModel: model.upstreamModel,
    input: request.input,
    voice: request.voice,
    format: request.response_format,
    speed: request.speed,
    respond: store ? ("url" as const) : ("bytes" as const),
    storage,
  };
  let result: SpeechResult;
  let produced: Produced;
  try {
    if (store) {
      const stored = await deps.gateway.speechToStorage(internal);
      result = { kind: "stored", file: stored.audio, requestId, credits, sandbox: stored.sandbox };
      produced = {
        provider: stored.provider,
        sandbox: stored.sandbox,
        mimeType: stored.audio.mimeType,
        bytes: stored.audio.bytes,
        durationSeconds: stored.audio.durationSeconds,
      };
    } else {
      const audio = await deps.gateway.speechBytes(internal);
      if (audio.data.byteLength === 0) throw new AppError("upstream_unavailable", "the provider answered no audio");
      result = {
        kind: "bytes",
        data: audio.data,
        mimeType: audio.mimeType,
        durationSeconds: audio.durationSeconds,
        requestId,
        credits,
        sandbox: audio.sandbox,
      };
      produced = {
        provider: audio.provider,
        sandbox: audio.sandbox,
        mimeType: audio.mimeType,
        bytes: audio.data.byteLength,
        durationSeconds: audio.durationSeconds,
      };
    }
  } catch (err) {
    await releaseHold(ledger(), hold);
    throw err;
  }

  await settleAnsweredHold(ledger(), hold, credits, {
    id: deps.ids.make("use"),
    userId: caller.userId,
    model: model.id,
    operation: SPEECH_OPERATION,
    requestId,
    metadata: {
      requestId,
      characters,
      voice: request.voice,
      format: request.response_format,
      ...produced,
      // History shows the text (its start) and, when the audio was stored, its link.
      prompt: request.input.slice(0, PROMPT_KEPT),
      ...(result.kind === "stored"
        ? { fileKey: result.file.key, files: [{ url: result.file.url, mimeType: result.file.mimeType }] }
        : {}),
    },
  });
  return result;
}

export function speechUrlBody(result: Extract<SpeechResult, { kind: "stored" }>): SpeechUrlResponse {
  return {
    url: result.file.url,
    mime_type: result.file.mimeType,
    bytes: result.file.bytes,
    ...(result.file.durationSeconds === undefined ? {} : { duration_seconds: result.file.durationSeconds }),
    waule: { request_id: result.requestId, credits: result.credits, sandbox: result.sandbox },
  };
}
