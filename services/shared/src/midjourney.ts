// Midjourney as tasks: the public imagine/action bodies and the internal server→gateway submits.
import { z } from "zod";
import { storageTarget } from "./images";

/** A reference image: a data:image URL (midjourney-proxy uploads it to Discord; it fetches no URLs for us). */
const referenceImage = z
  .string()
  .max(14_000_000)
  .regex(/^data:image\/(png|jpeg|webp);base64,/, "must be a data:image/png|jpeg|webp;base64 URL");

export const MIDJOURNEY_MODEL = "midjourney";

/** POST /api/v1/midjourney/imagine: answers 202 with a task whose result carries the grid and its buttons. */
export const midjourneyImagineRequest = z
  .object({
    model: z.string().min(1).max(100).default(MIDJOURNEY_MODEL),
    prompt: z.string().trim().min(1).max(4000),
    reference_images: z.array(referenceImage).max(5).default([]),
    callback_url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
  })
  .strict();
export type MidjourneyImagineRequest = z.infer<typeof midjourneyImagineRequest>;

/** POST /api/v1/midjourney/action: presses one button (U1, V2, ...) of the caller's finished Midjourney task. */
export const midjourneyActionRequest = z
  .object({
    task_id: z.string().min(1).max(100),
    custom_id: z.string().min(1).max(500),
    callback_url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
  })
  .strict();
export type MidjourneyActionRequest = z.infer<typeof midjourneyActionRequest>;

/** What imagine and action answer (202): the new task, to follow through /api/v1/tasks/:id. */
export const midjourneyAccepted = z.object({
  id: z.string(),
  object: z.literal("task"),
  type: z.literal("midjourney"),
  status: z.literal("queued"),
  created_at: z.number().int(),
});
export type MidjourneyAccepted = z.infer<typeof midjourneyAccepted>;

/** A button of a finished task as the gateway reports it. */
export const midjourneyButton = z.object({ customId: z.string(), label: z.string() });
export type MidjourneyButton = z.infer<typeof midjourneyButton>;

const internalBase = {
  tenantId: z.string().min(1),
  /** The server's task id; a resubmit with the same id finds the gateway's row instead of starting another job. */
  serverTaskId: z.string().min(1),
  model: z.string().min(1),
  storage: storageTarget.default({ mode: "PLATFORM" }),
};

/** POST /internal/v1/midjourney/imagine; answers internalTaskStatus. */
export const internalMidjourneyImagineRequest = z.object({
  ...internalBase,
  prompt: z.string().min(1).max(4000),
  referenceImages: z.array(z.string()).max(5).default([]),
});
export type InternalMidjourneyImagineRequest = z.infer<typeof internalMidjourneyImagineRequest>;

/** POST /internal/v1/midjourney/action: the parent is named by its server task id; the gateway pins the job to the parent's account. */
export const internalMidjourneyActionRequest = z.object({
  ...internalBase,
  parentServerTaskId: z.string().min(1),
  customId: z.string().min(1).max(500),
});
export type InternalMidjourneyActionRequest = z.infer<typeof internalMidjourneyActionRequest>;
