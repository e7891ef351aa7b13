// Long-running work as tenants see it (task, list, SSE events, webhook payload) and the gateway's task status.
import { z } from "zod";
import { storageTarget, storedFile } from "./images";
import { pageOf, pageQuery } from "./pagination";

export const taskStatus = z.enum(["queued", "running", "succeeded", "failed", "canceled"]);
export type TaskStatus = z.infer<typeof taskStatus>;

export const TERMINAL_TASK_STATUSES: readonly TaskStatus[] = ["succeeded", "failed", "canceled"];
export function isTerminalStatus(status: TaskStatus): boolean {
  return TERMINAL_TASK_STATUSES.includes(status);
}

export const taskType = z.enum(["video", "midjourney"]);
export type TaskType = z.infer<typeof taskType>;

export const taskError = z.object({ code: z.string(), message: z.string() });
export type TaskError = z.infer<typeof taskError>;

export const taskResult = z.object({
  urls: z.array(z.string()),
  files: z
    .array(
      z.object({
        url: z.string(),
        mime_type: z.string(),
        bytes: z.number().int(),
        width: z.number().int().optional(),
        height: z.number().int().optional(),
        duration_seconds: z.number().optional(),
      }),
    )
    .optional(),
  /** Midjourney: the finished task's buttons; POST /api/v1/midjourney/action presses one by its custom_id. */
  buttons: z.array(z.object({ custom_id: z.string(), label: z.string() })).optional(),
});
export type TaskResult = z.infer<typeof taskResult>;

/** GET /api/v1/tasks/:id. Times are unix seconds, as OpenAI's `created`. */
export const task = z.object({
  id: z.string(),
  object: z.literal("task"),
  type: taskType,
  model: z.string(),
  status: taskStatus,
  progress: z.number().int().min(0).max(100),
  result: taskResult.nullable(),
  error: taskError.nullable(),
  credits: z.number().int().nullable(),
  created_at: z.number().int(),
  updated_at: z.number().int(),
  finished_at: z.number().int().nullable(),
});
export type Task = z.infer<typeof task>;

/** GET /api/v1/tasks */
export const taskListQuery = pageQuery.extend({
  status: taskStatus.optional(),
  type: taskType.optional(),
});
export type TaskListQuery = z.infer<typeof taskListQuery>;
export const taskList = pageOf(task);
export type TaskList = z.infer<typeof taskList>;

export const taskEventType = z.enum([
  "task.queued",
  "task.running",
  "task.progress",
  "task.succeeded",
  "task.failed",
  "task.canceled",
]);
export type TaskEventType = z.infer<typeof taskEventType>;

/** One change of a task: the SSE `event:`/`data:` of GET /api/v1/tasks/:id/events and what the event bus carries. */
export const taskEvent = z.object({
  type: taskEventType,
  task,
});
export type TaskEvent = z.infer<typeof taskEvent>;

export function eventTypeFor(t: Pick<Task, "status">, progressed = false): TaskEventType {
  if (t.status === "running" && progressed) return "task.progress";
  return `task.${t.status}`;
}

/** The body POSTed to a tenant's webhook URL when a task ends; `id` is stable across retries of one delivery. */
export const webhookPayload = z.object({
  id: z.string(),
  object: z.literal("event"),
  type: z.enum(["task.succeeded", "task.failed", "task.canceled"]),
  created_at: z.number().int(),
  data: task,
});
export type WebhookPayload = z.infer<typeof webhookPayload>;

/**
 * GET /internal/v1/tasks/:gatewayTaskId, and the body the gateway POSTs to the server when a task
 * changes. Files are already copied to storage; `upstreamTaskId` is kept for support only.
 */
export const internalTaskStatus = z.object({
  gatewayTaskId: z.string(),
  /** The server's task id given at submit, so a notice finds its row without a lookup table. */
  serverTaskId: z.string(),
  tenantId: z.string(),
  provider: z.string(),
  model: z.string(),
  sandbox: z.boolean(),
  status: taskStatus,
  progress: z.number().int().min(0).max(100),
  files: z.array(storedFile).default([]),
  error: taskError.nullable().default(null),
  upstreamTaskId: z.string().nullable().optional(),
  /** Midjourney: the buttons of the finished job (upscale, variation...). */
  buttons: z.array(z.object({ customId: z.string(), label: z.string() })).optional(),
});
export type InternalTaskStatus = z.infer<typeof internalTaskStatus>;

/**
 * POST /internal/v1/tasks/:gatewayTaskId/poll: the server asks for a fresh status. It sends the
 * storage target again every time, because the gateway never stores tenant bucket credentials and
 * copies a CUSTOM tenant's results only during a call that carries them. Answers internalTaskStatus.
 */
export const internalTaskPollRequest = z.object({
  tenantId: z.string().min(1),
  storage: storageTarget.default({ mode: "PLATFORM" }),
});
export type InternalTaskPollRequest = z.infer<typeof internalTaskPollRequest>;

/** PUT /api/v1/webhooks: the tenant-wide URL finished tasks are POSTed to (null removes it). */
export const webhookSettingsRequest = z
  .object({
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .nullable(),
    /** Issue a new signing secret even though one exists; the old one stops working at once. */
    rotate_secret: z.boolean().default(false),
  })
  .strict();
export type WebhookSettingsRequest = z.infer<typeof webhookSettingsRequest>;

/** GET/PUT /api/v1/webhooks. `secret` appears only in the answer that created or rotated it. */
export const webhookSettings = z.object({
  url: z.string().nullable(),
  has_secret: z.boolean(),
  secret: z.string().optional(),
});
export type WebhookSettings = z.infer<typeof webhookSettings>;

/** GET /api/v1/webhooks/deliveries: every POST attempt made to the tenant's endpoints, newest first. */
export const webhookDeliveryQuery = pageQuery.extend({ task_id: z.string().max(100).optional() });
export type WebhookDeliveryQuery = z.infer<typeof webhookDeliveryQuery>;
export const webhookDeliveryAttempt = z.object({
  event_id: z.string(),
  task_id: z.string(),
  url: z.string(),
  attempt: z.number().int(),
  status_code: z.number().int().nullable(),
  error: z.string().nullable(),
  succeeded: z.boolean(),
  duration_ms: z.number().int(),
  started_at: z.number().int(),
  next_attempt_at: z.number().int().nullable(),
});
export const webhookDeliveryList = pageOf(webhookDeliveryAttempt);
export type WebhookDeliveryList = z.infer<typeof webhookDeliveryList>;
