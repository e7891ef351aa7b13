// Midjourney as a task kind: an imagine or a button action, priced per request (an action by its multiplier),
// submitted to the gateway's Midjourney routes; its deadline is the model's (a Discord queue can be slow).
import type { InternalMidjourneyActionRequest, InternalMidjourneyImagineRequest } from "@waule/shared/midjourney";
import { midjourneyCredits } from "@waule/shared/pricing";
import { taskDeadlineAt } from "../tasks/deadline";
import type { StoredTaskRequest, TaskKind } from "../tasks/kind";

/** What a Midjourney task row keeps in `request`. */
export type StoredMidjourneyRequest =
  | { kind: "imagine"; prompt: string; reference_images: string[] }
  | { kind: "action"; task_id: string; custom_id: string };

const stored = (request: StoredTaskRequest) => request as StoredMidjourneyRequest;

export const midjourneyTaskKind: TaskKind = {
  type: "midjourney",
  price(model, request) {
    const job = stored(request);
    return job.kind === "action" ? midjourneyCredits(model, { customId: job.custom_id }) : midjourneyCredits(model);
  },
  deadlineAt: taskDeadlineAt,
  submit(gateway, { row, model, storage }) {
    const job = stored(row.request);
    const base = { tenantId: row.tenantId, serverTaskId: row.id, model: model.id, storage };
    if (job.kind === "action") {
      return gateway.submitTask("/internal/v1/midjourney/action", {
        ...base,
        parentServerTaskId: job.task_id,
        customId: job.custom_id,
      } satisfies InternalMidjourneyActionRequest);
    }
    return gateway.submitTask("/internal/v1/midjourney/imagine", {
      ...base,
      prompt: job.prompt,
      referenceImages: job.reference_images,
    } satisfies InternalMidjourneyImagineRequest);
  },
  // Every task's metadata (task id, provider, sandbox, file keys) says all there is; no duration or resolution here.
  usage: { operation: "midjourney.generation", metadata: () => ({}) },
};
