// Image generation: resolve the provider, call it (logged), copy every output into the call's storage target.
import { AppError } from "@waule/shared/errors";
import type { InternalImageRequest, InternalImageResponse } from "@waule/shared/images";
import { callCapability } from "../calls/capability-call";
import type { CallContext } from "../calls/context";
import { SANDBOX_PROVIDER } from "../providers/sandbox";
import { copyMediaToStorage } from "../storage/copy-media";
import { assertStorableTenant } from "../storage/keys";
import { storageForTarget } from "../storage/targets";

export async function generateImages(
  deps: CallContext,
  req: InternalImageRequest,
  signal?: AbortSignal,
): Promise<InternalImageResponse> {
  // Refuse a tenant id that cannot be a storage prefix before paying for an upstream call.
  assertStorableTenant(req.tenantId);
  const {
    provider,
    upstreamModel,
    value: output,
  } = await callCapability(
    deps,
    "image",
    // A call the server cancelled (its timeout passed) says nothing about the key: no strike, no next key.
    { tenantId: req.tenantId, requestId: req.requestId, route: req, signal },
    ({ capability, ctx, upstreamModel }) =>
      capability.generate(
        {
          model: upstreamModel,
          prompt: req.prompt,
          n: req.n,
          width: req.width,
          height: req.height,
          seed: req.seed,
          referenceImage: req.referenceImage,
        },
        ctx,
      ),
  );
  if (output.images.length === 0) throw new AppError("upstream_unavailable", `${provider.name} answered no images`);
  const storage = storageForTarget(req.storage, deps.storage, deps.config);
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
