// The internal submit of a Midjourney task row, from its stored request (so the runner can resubmit after a crash).
import type { Model, TaskRow } from "@waule/db/server";
import type { StorageTarget } from "@waule/shared/images";
import type { InternalTaskStatus } from "@waule/shared/tasks";
import type { ServerDeps } from "../deps";

/** What a Midjourney task row keeps in `request`. */
export type StoredMidjourneyRequest =
  | { kind: "imagine"; prompt: string; reference_images: string[] }
  | { kind: "action"; task_id: string; custom_id: string };

export function submitMidjourneyToGateway(
  deps: Pick<ServerDeps, "gateway">,
  row: TaskRow,
  model: Pick<Model, "id">,
  storage: StorageTarget,
): Promise<InternalTaskStatus> {
  const request = row.request as StoredMidjourneyRequest;
  const base = { tenantId: row.tenantId, serverTaskId: row.id, model: model.id, storage };
  if (request.kind === "action") {
    return deps.gateway.submitMidjourneyAction({
      ...base,
      parentServerTaskId: request.task_id,
      customId: request.custom_id,
    });
  }
  return deps.gateway.submitMidjourneyImagine({
    ...base,
    prompt: request.prompt,
    referenceImages: request.reference_images,
  });
}
