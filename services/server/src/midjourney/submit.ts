// Midjourney imagine and button actions as tasks: priced per request, held at submit, settled or released by the task runner.
import type { Tenant } from "@waule/db/server";
import { AppError } from "@waule/shared/errors";
import type { MidjourneyActionRequest, MidjourneyImagineRequest } from "@waule/shared/midjourney";
import { assertModelAllowed } from "../api-keys/key-policy";
import type { ServerDeps } from "../deps";
import { requireModel } from "../models/catalogue";
import { findTenantTask } from "../tasks/repository";
import { type StartedTask, startTask } from "../tasks/start";
import { midjourneyTaskKind, type StoredMidjourneyRequest } from "./kind";

type Caller = { tenant: Tenant; userId: string | null; apiKeyId?: string | null; allowedModels?: string[] | null };

export async function submitImagine(
  deps: ServerDeps,
  caller: Caller,
  body: MidjourneyImagineRequest,
): Promise<StartedTask> {
  assertModelAllowed(caller.allowedModels, body.model);
  const model = await requireModel(deps.db, body.model, "midjourney", caller.tenant.id);
  const request: StoredMidjourneyRequest = {
    kind: "imagine",
    prompt: body.prompt,
    reference_images: body.reference_images,
  };
  return startTask(deps, caller, midjourneyTaskKind, { model, request, callbackUrl: body.callback_url });
}

/** Only the caller's own finished Midjourney task, and only a button it actually has. */
export async function submitAction(
  deps: ServerDeps,
  caller: Caller,
  body: MidjourneyActionRequest,
): Promise<StartedTask> {
  const parent = await findTenantTask(deps.db, caller.tenant.id, body.task_id);
  if (parent?.type !== "midjourney") throw new AppError("not_found", `midjourney task ${body.task_id} not found`);
  if (parent.status !== "succeeded")
    throw new AppError(
      "invalid_request",
      `task ${body.task_id} has not succeeded; only a finished task's buttons can be pressed`,
    );
  if (!parent.result?.buttons?.some((b) => b.customId === body.custom_id)) {
    throw new AppError("invalid_request", `custom_id is not one of task ${body.task_id}'s buttons`);
  }
  assertModelAllowed(caller.allowedModels, parent.model);
  const model = await requireModel(deps.db, parent.model, "midjourney", caller.tenant.id);
  const request: StoredMidjourneyRequest = { kind: "action", task_id: parent.id, custom_id: body.custom_id };
  return startTask(deps, caller, midjourneyTaskKind, { model, request, callbackUrl: body.callback_url });
}
