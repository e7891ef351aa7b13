// Videos as a task kind: priced by duration × resolution, submitted to the gateway's video route, deadline by model.

import { videoCredits } from "@waule/shared/pricing";
import type { InternalVideoRequest, VideoGenerationRequest } from "@waule/shared/videos";
import { taskDeadlineAt } from "../tasks/deadline";
import type { StoredTaskRequest, TaskKind } from "../tasks/kind";

/** A video row keeps the tenant's request as it came. */
const stored = (request: StoredTaskRequest) => request as VideoGenerationRequest;

export const videoTaskKind: TaskKind = {
  type: "video",
  price: (model, request) => videoCredits(model, stored(request).duration, stored(request).resolution),
  deadlineAt: taskDeadlineAt,
  submit(gateway, { row, model, storage }) {
    const request = stored(row.request);
    return gateway.submitTask("/internal/v1/videos/generations", {
      tenantId: row.tenantId,
      serverTaskId: row.id,
      model: model.id,
      provider: model.provider,
      upstreamModel: model.upstreamModel,
      prompt: request.prompt ?? "",
      firstFrame: request.first_frame,
      lastFrame: request.last_frame,
      durationSeconds: request.duration,
      resolution: request.resolution,
      ratio: request.ratio,
      seed: request.seed,
      storage,
    } satisfies InternalVideoRequest);
  },
  usage: {
    operation: "video.generation",
    metadata: (row) => ({ durationSeconds: stored(row.request).duration, resolution: stored(row.request).resolution }),
  },
};
