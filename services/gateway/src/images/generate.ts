// Image generation: resolve the provider, call it (logged), copy every output into the call's storage target.
import { AppError } from "@waule/shared/errors";
import type { InternalImageRequest, InternalImageResponse } from "@waule/shared/images";
import { unlessCancelled } from "../chat/deps";
import { callProvider } from "../keys/provider-call";
import { SANDBOX_PROVIDER } from "../providers/sandbox";
import { logUpstreamCall } from "../request-log/request-log";
import type { SpeechDeps } from "../speech/synthesize";
import { copyMediaToStorage } from "../storage/copy-media";
import { isSafeSegment } from "../storage/keys";
import { storageForTarget } from "../storage/targets";

/** Same needs as speech: a provider call whose files go to storage. */
export type ImageDeps = SpeechDeps;

export async function generateImages(
  deps: ImageDeps,
  req: InternalImageRequest,
  signal?: AbortSignal,
): Promise<InternalImageResponse> {
  // Refuse a tenant id that cannot be a storage prefix before paying for an upstream call.
  if (!isSafeSegment(req.tenantId))
    throw new AppError("invalid_request", "tenantId may only contain letters, digits, '.', '_' and '-'");
  const {
    provider,
    upstreamModel,
    value: output,
  } = await callProvider(deps, "image", req, ({ provider, upstreamModel }, key) => {
    const input = {
      model: upstreamModel,
      prompt: req.prompt,
      n: req.n,
      width: req.width,
      height: req.height,
      seed: req.seed,
      referenceImage: req.referenceImage,
    };
    return logUpstreamCall(
      deps,
      {
        tenantId: req.tenantId,
        requestId: req.requestId,
        capability: "image",
        provider: provider.name,
        model: upstreamModel,
        keyId: key.id,
      },
      // A call the server cancelled (its timeout passed) says nothing about the key: no strike, no next key.
      () =>
        provider
          .image!.generate(input, { key, fetch: deps.fetch, signal, clock: deps.clock })
          .catch(unlessCancelled(signal)),
    );
  });
  if (output.images.length === 0) throw new AppError("upstream_unavailable", `${provider.name} answered no images`);
  const storage = storageForTarget(req.storage, deps.storage, { ttlSeconds: deps.signedUrlTtlSeconds });
  const atMs = deps.clock.now();
  const images = await Promise.all(
    output.images.map(async (media) => {
      const stored = await copyMediaToStorage(media, {
        storage,
        fetch: deps.fetch,
        tenantId: req.tenantId,
        id: deps.ids.make("file"),
        atMs,
        provider: provider.name,
        signal,
      });
      return media.revisedPrompt === undefined ? stored : { ...stored, revisedPrompt: media.revisedPrompt };
    }),
  );
  return { provider: provider.name, model: upstreamModel, sandbox: provider.name === SANDBOX_PROVIDER, images };
}
