// Video submit: the model and the frame checks, then the shared task start with the video kind (priced by
// duration × resolution; slot → hold → row → gateway; a refused submit releases the hold and fails the row).
import type { Tenant } from "@waule/db/server";
import type { VideoGenerationAccepted, VideoGenerationRequest } from "@waule/shared/videos";
import type { ServerDeps } from "../deps";
import { requireModel } from "../models/catalogue";
import { startTask } from "../tasks/start";
import { assertImageUrl } from "../tenant-urls/policy";
import { videoTaskKind } from "./kind";

export async function submitVideo(
  deps: ServerDeps,
  caller: { tenant: Tenant; userId: string | null; apiKeyId?: string | null },
  request: VideoGenerationRequest,
): Promise<VideoGenerationAccepted> {
  const model = await requireModel(deps.db, request.model, "video", caller.tenant.id, request.provider);
  // Frames are fetched by the gateway (or the provider): checked here, before any slot or hold.
  if (request.first_frame) assertImageUrl(request.first_frame, deps.config, "first_frame");
  if (request.last_frame) assertImageUrl(request.last_frame, deps.config, "last_frame");
  const started = await startTask(deps, caller, videoTaskKind, {
    model,
    request: { ...request },
    callbackUrl: request.callback_url,
  });
  return { ...started, type: "video" };
}
