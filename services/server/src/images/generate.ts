// Billed image generation: price → hold → gateway → settle what was delivered (or release on any failure) → usage.
import { AppError } from "@waule/shared/errors";
import {
  type ImageGenerationRequest,
  type ImageGenerationResponse,
  type InternalImageResponse,
  parseSize,
} from "@waule/shared/images";
import { imageCredits } from "@waule/shared/pricing";
import { holdCredits, releaseHold, settleAnsweredHold } from "../billing/ledger";
import type { ServerDeps } from "../deps";
import { requireModel } from "../models/catalogue";
import { storageTargetFor } from "../tenant-storage";

export const IMAGE_OPERATION = "image.generation";

export async function generateImages(
  deps: ServerDeps,
  caller: { tenantId: string; userId: string | null; apiKeyId?: string | null },
  request: ImageGenerationRequest,
): Promise<ImageGenerationResponse> {
  const model = await requireModel(deps.db, request.model, "image", caller.tenantId, request.provider);
  const requestId = deps.ids.make("req");
  const estimate = imageCredits(model, request.n);
  const ledger = () => ({ db: deps.db, now: deps.clock.now() });
  const hold = await holdCredits(ledger(), {
    tenantId: caller.tenantId,
    holdId: deps.ids.make("hold"),
    amount: estimate,
    requestId,
    spender: { apiKeyId: caller.apiKeyId ?? null, userId: caller.userId },
    lease: deps.lease.stamp(deps.clock.now()),
    model: model.id,
    operation: IMAGE_OPERATION,
  });

  let result: InternalImageResponse;
  let data: ImageGenerationResponse["data"];
  try {
    const { width, height } = parseSize(request.size);
    result = await deps.gateway.generateImages({
      tenantId: caller.tenantId,
      requestId,
      model: model.id,
      provider: model.provider,
      upstreamModel: model.upstreamModel,
      prompt: request.prompt,
      n: request.n,
      width,
      height,
      seed: request.seed,
      referenceImage: request.reference_image,
      storage: await storageTargetFor(deps, caller.tenantId),
    });
    // Never bill for more images than were asked (and held) for, whatever the provider sent.
    const delivered = result.images.slice(0, request.n);
    if (delivered.length === 0) throw new AppError("upstream_unavailable", "the provider returned no images");
    data = await Promise.all(
      delivered.map(async (image) => {
        const revised = image.revisedPrompt === undefined ? {} : { revised_prompt: image.revisedPrompt };
        if (request.response_format === "url") return { url: image.url, ...revised };
        return { b64_json: Buffer.from(await deps.gateway.fetchFile(image.url)).toString("base64"), ...revised };
      }),
    );
  } catch (err) {
    await releaseHold(ledger(), hold);
    throw err;
  }

  const credits = imageCredits(model, data.length);
  await settleAnsweredHold(ledger(), hold, credits, {
    id: deps.ids.make("use"),
    userId: caller.userId,
    model: model.id,
    operation: IMAGE_OPERATION,
    requestId,
    metadata: {
      requestId,
      provider: result.provider,
      sandbox: result.sandbox,
      n: request.n,
      size: request.size,
      delivered: data.length,
      fileKeys: result.images.slice(0, data.length).map((i) => i.key),
      // What History shows later: the prompt and the stored results (the signed links the caller was given).
      prompt: request.prompt,
      files: result.images.slice(0, data.length).map((i) => ({ url: i.url, mimeType: i.mimeType })),
    },
  });
  return {
    created: Math.floor(deps.clock.now() / 1000),
    data,
    waule: { request_id: requestId, credits, sandbox: result.sandbox },
  };
}
