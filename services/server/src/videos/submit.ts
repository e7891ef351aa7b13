// Video submit: price → task slot → hold → task row → gateway; a refused submit releases the hold and fails the row.
import type { Tenant } from "@waule/db/server";
import { tasks } from "@waule/db/server";
import { AppError } from "@waule/shared/errors";
import type { VideoGenerationAccepted, VideoGenerationRequest } from "@waule/shared/videos";
import { holdCredits, releaseHold } from "../billing/ledger";
import type { ServerDeps } from "../deps";
import { acquireTaskSlot, releaseTaskSlot } from "../limits/task-slots";
import { requireModel } from "../models/catalogue";
import { applyGatewayStatus, failTask } from "../tasks/lifecycle";
import { findTaskRow, setGatewayTask } from "../tasks/repository";
import { submitToGateway } from "../tasks/gateway-submit";
import { storageTargetFor } from "../tenant-storage";
import { assertImageUrl, assertWebhookUrl } from "../webhooks/url-policy";
import { videoCredits } from "@waule/shared/pricing";

export async function submitVideo(
  deps: ServerDeps,
  caller: { tenant: Tenant; userId: string | null },
  request: VideoGenerationRequest,
): Promise<VideoGenerationAccepted> {
  const tenantId = caller.tenant.id;
  const model = await requireModel(deps.db, request.model, "video");
  if (request.callback_url && !caller.tenant.webhookSecret) {
    throw new AppError("invalid_request", "callback_url needs a signing secret: register one with PUT /api/v1/webhooks first");
  }
  if (request.callback_url) assertWebhookUrl(request.callback_url, deps.config, "callback_url");
  // Frames are fetched by the gateway (or the provider): checked here, before any slot or hold.
  if (request.first_frame) assertImageUrl(request.first_frame, deps.config, "first_frame");
  if (request.last_frame) assertImageUrl(request.last_frame, deps.config, "last_frame");
  const cost = videoCredits(model, request.duration, request.resolution);
  const storage = await storageTargetFor(deps, tenantId);
  const taskId = deps.ids.make("task");
  const now = deps.clock.now();

  await acquireTaskSlot(deps, { tenantId, taskId });
  let holdId: string;
  try {
    holdId = (await holdCredits({ db: deps.db, now }, { tenantId, holdId: deps.ids.make("hold"), amount: cost, requestId: taskId })).holdId;
  } catch (err) {
    await releaseTaskSlot(deps, { tenantId, taskId });
    throw err;
  }
  try {
    await deps.db.insert(tasks).values({
      id: taskId,
      tenantId,
      userId: caller.userId,
      type: "video",
      model: model.id,
      provider: request.provider ?? model.provider,
      status: "queued",
      request: { ...request },
      holdId,
      heldCredits: cost,
      callbackUrl: request.callback_url ?? null,
      deadlineAt: new Date(now + deps.config.VIDEO_TASK_DEADLINE_SECONDS * 1000),
      createdAt: new Date(now),
      updatedAt: new Date(now),
    });
  } catch (err) {
    await releaseHold({ db: deps.db, now: deps.clock.now() }, holdId);
    await releaseTaskSlot(deps, { tenantId, taskId });
    throw err;
  }

  const row = (await findTaskRow(deps.db, taskId))!;
  try {
    const status = await submitToGateway(deps, row, model, storage);
    await setGatewayTask(deps.db, taskId, status.gatewayTaskId, status.provider, status.sandbox);
    if (status.status !== "queued") await applyGatewayStatus(deps, (await findTaskRow(deps.db, taskId))!, status);
  } catch (err) {
    const error = err instanceof AppError ? { code: err.code, message: err.message } : { code: "gateway_unavailable", message: "the task could not be submitted" };
    // The POST answers this error itself, so no webhook repeats it.
    await failTask(deps, row, error, { announce: false });
    if (err instanceof AppError) throw new AppError(err.code, err.message, { task_id: taskId });
    throw err;
  }
  return { id: taskId, object: "task", type: "video", status: "queued", created_at: Math.floor(now / 1000) };
}
