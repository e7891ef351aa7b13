// Speech synthesis: resolve the provider, call it with a key (logged), then hand back the bytes or store them.
import { AppError } from "@waule/shared/errors";
import type { InternalSpeechRequest, InternalSpeechResponse } from "@waule/shared/speech";
import type { ChatDeps } from "../chat/deps";
import { unlessCancelled } from "../chat/deps";
import { readBodyCapped } from "../http/capped-body";
import { callProvider } from "../keys/provider-call";
import { SANDBOX_PROVIDER } from "../providers/sandbox";
import type { MediaOutput, SpeechOutput } from "../providers/types";
import { networkFailure, UpstreamError } from "../providers/upstream-error";
import { logUpstreamCall } from "../request-log/request-log";
import { copyMediaToStorage } from "../storage/copy-media";
import { isSafeSegment } from "../storage/keys";
import { storageForTarget } from "../storage/targets";
import type { ObjectStorage } from "../storage/types";

export type SpeechDeps = ChatDeps & { storage: ObjectStorage; signedUrlTtlSeconds: number };

export type SynthesizedSpeech = { provider: string; model: string; sandbox: boolean; audio: MediaOutput };

/** 50 MB: far above any 4096-character answer, low enough that a runaway upstream cannot fill memory. */
const MAX_AUDIO_BYTES = 50 * 1024 * 1024;

export async function synthesizeSpeech(
  deps: SpeechDeps,
  req: InternalSpeechRequest,
  signal?: AbortSignal,
): Promise<SynthesizedSpeech> {
  const {
    provider,
    upstreamModel,
    value: output,
  } = await callProvider(deps, "speech", req, ({ provider, upstreamModel }, key): Promise<SpeechOutput> => {
    const input = { model: upstreamModel, input: req.input, voice: req.voice, format: req.format, speed: req.speed };
    return logUpstreamCall(
      deps,
      {
        tenantId: req.tenantId,
        requestId: req.requestId,
        capability: "speech",
        provider: provider.name,
        model: upstreamModel,
        keyId: key.id,
      },
      () =>
        provider
          .speech!.synthesize(input, { key, fetch: deps.fetch, signal, clock: deps.clock })
          .catch(unlessCancelled(signal)),
    );
  });
  return {
    provider: provider.name,
    model: upstreamModel,
    sandbox: provider.name === SANDBOX_PROVIDER,
    audio: output.audio,
  };
}

/** The audio as bytes, downloading it when the provider answered a (short-lived) URL. */
export async function audioBytes(
  deps: Pick<SpeechDeps, "fetch">,
  speech: SynthesizedSpeech,
  signal?: AbortSignal,
): Promise<{ data: Uint8Array; mimeType: string; durationSeconds?: number }> {
  const audio = speech.audio;
  if (audio.kind === "bytes") return audio;
  let res: Response;
  try {
    res = await deps.fetch(audio.url, { signal });
  } catch (err) {
    throw networkFailure(speech.provider, err);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new UpstreamError({
      provider: speech.provider,
      status: res.status,
      message: `audio download answered ${res.status}`,
    });
  }
  const data = await readBodyCapped(res, MAX_AUDIO_BYTES);
  if (!data) throw new UpstreamError({ provider: speech.provider, status: 502, message: "audio is too large" });
  const mimeType =
    audio.mimeType ?? res.headers.get("content-type")?.split(";")[0]?.trim() ?? "application/octet-stream";
  return { data, mimeType, durationSeconds: audio.durationSeconds };
}

/** Copies the audio into the call's storage target under tenants/<tenantId>/ and describes the stored file. */
export async function storeSpeech(
  deps: SpeechDeps,
  req: InternalSpeechRequest,
  speech: SynthesizedSpeech,
  signal?: AbortSignal,
): Promise<InternalSpeechResponse> {
  const storage = storageForTarget(req.storage, deps.storage, { ttlSeconds: deps.signedUrlTtlSeconds });
  const audio = await copyMediaToStorage(speech.audio, {
    storage,
    fetch: deps.fetch,
    tenantId: req.tenantId,
    id: deps.ids.make("file"),
    atMs: deps.clock.now(),
    provider: speech.provider,
    maxBytes: MAX_AUDIO_BYTES,
    signal,
  });
  return { provider: speech.provider, model: speech.model, sandbox: speech.sandbox, audio };
}

/** Refuses a tenant id that cannot be a storage prefix before paying for an upstream call. */
export function assertStorableTenant(tenantId: string): void {
  if (!isSafeSegment(tenantId))
    throw new AppError("invalid_request", "tenantId may only contain letters, digits, '.', '_' and '-'");
}
