// The internal submit for a task row (by its type): built from the stored request, so the runner can resubmit after a crash.
import type { Model, TaskRow } from "@waule/db/server";
import type { StorageTarget } from "@waule/shared/images";
import type { InternalTaskStatus } from "@waule/shared/tasks";
import type { VideoGenerationRequest } from "@waule/shared/videos";
import type { ServerDeps } from "../deps";
import { submitMidjourneyToGateway } from "../midjourney/gateway-submit";

export function submitToGateway(
  deps: Pick<ServerDeps, "gateway">,
  row: TaskRow,
  model: Pick<Model, "id" | "provider" | "upstreamModel">,
  storage: StorageTarget,
): Promise<InternalTaskStatus> {
  if (row.type === "midjourney") return submitMidjourneyToGateway(deps, row, model, storage);
  const request = row.request as VideoGenerationRequest;
  return deps.gateway.submitVideo({
    tenantId: row.tenantId,
    serverTaskId: row.id,
    model: model.id,
    provider: request.provider ?? model.provider,
    upstreamModel: model.upstreamModel,
    prompt: request.prompt ?? "",
    firstFrame: request.first_frame,
    lastFrame: request.last_frame,
    durationSeconds: request.duration,
    resolution: request.resolution,
    ratio: request.ratio,
    seed: request.seed,
    storage,
  });
}
