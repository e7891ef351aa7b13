// Speech synthesis: one provider call (callCapability), then the bytes handed back or stored.
import type { InternalSpeechRequest, InternalSpeechResponse } from "@waule/shared/speech";
import { callCapability } from "../calls/capability-call";
import type { CallContext } from "../calls/context";
import { readBodyCapped } from "../http/capped-body";
import { SANDBOX_PROVIDER } from "../providers/sandbox";
import type { MediaOutput } from "../providers/types";
import { networkFailure, UpstreamError } from "../providers/upstream-error";
import { copyMediaToStorage } from "../storage/copy-media";
import { storageForTarget } from "../storage/targets";

export type SynthesizedSpeech = { provider: string; model: string; sandbox: boolean; audio: MediaOutput };

/** 50 MB: far above any 4096-character answer, low enough that a runaway upstream cannot fill memory. */
const MAX_AUDIO_BYTES = 50 * 1024 * 1024;

export async function synthesizeSpeech(
  deps: CallContext,
  req: InternalSpeechRequest,
  signal?: AbortSignal,
): Promise<SynthesizedSpeech> {
  const {
    provider,
    upstreamModel,
    value: output,
  } = await callCapability(
    deps,
    "speech",
    { tenantId: req.tenantId, requestId: req.requestId, route: req, signal },
    ({ capability, ctx, upstreamModel }) =>
      capability.synthesize(
        { model: upstreamModel, input: req.input, voice: req.voice, format: req.format, speed: req.speed },
        ctx,
      ),
  );
  return {
    provider: provider.name,
    model: upstreamModel,
    sandbox: provider.name === SANDBOX_PROVIDER,
    audio: output.audio,
  };
}

/** The audio as bytes, downloading it when the provider answered a (short-lived) URL. */
export async function audioBytes(
  deps: Pick<CallContext, "fetch">,
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
  deps: CallContext,
  req: InternalSpeechRequest,
  speech: SynthesizedSpeech,
  signal?: AbortSignal,
): Promise<InternalSpeechResponse> {
  const storage = storageForTarget(req.storage, deps.storage, deps.config);
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
