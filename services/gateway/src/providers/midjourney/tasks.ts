// Midjourney image tasks through midjourney-proxy: imagine, button actions (upscale/variation/...) and task fetch.
// Each submit may carry an accountFilter so the gateway can pin a task to one managed Discord account.
import { AppError } from "@waule/shared/errors";
import { z } from "zod";
import type {
  MidjourneyAccountFilter,
  MidjourneyActionInput,
  MidjourneyImagineInput,
  ProviderContext,
} from "../types.ts";
import { UpstreamError } from "../upstream-error.ts";
import { acceptedCodes, MIDJOURNEY_PROVIDER, midjourneyRequest, midjourneySubmitError } from "./client.ts";

export type MidjourneySubmitted = {
  taskId: string;
  /** 1 submitted, 21 already exists, 22 queued behind the account's running jobs. */
  code: number;
  /** The account instance that took the task, when the proxy reports it (plus-compatible proxies do). */
  instanceId?: string;
};

const submitAnswer = z.object({
  code: z.number(),
  description: z.string().nullish(),
  result: z.union([z.string(), z.number()]).nullish(),
  properties: z.record(z.string(), z.unknown()).nullish(),
});

export const midjourneyButton = z.object({
  customId: z.string(),
  emoji: z.string().nullish(),
  label: z.string().nullish(),
  style: z.number().nullish(),
  type: z.number().nullish(),
});

export const midjourneyTask = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  action: z.string().nullish(),
  status: z.enum(["NOT_START", "SUBMITTED", "MODAL", "IN_PROGRESS", "SUCCESS", "FAILURE", "CANCEL"]),
  progress: z.string().nullish(),
  imageUrl: z.string().nullish(),
  failReason: z.string().nullish(),
  prompt: z.string().nullish(),
  buttons: z.array(midjourneyButton).nullish(),
  properties: z.record(z.string(), z.unknown()).nullish(),
});

export type MidjourneyButton = z.infer<typeof midjourneyButton>;
export type MidjourneyTask = z.infer<typeof midjourneyTask>;

export type MidjourneyClient = {
  imagine(input: MidjourneyImagineInput, ctx: ProviderContext): Promise<MidjourneySubmitted>;
  action(input: MidjourneyActionInput, ctx: ProviderContext): Promise<MidjourneySubmitted>;
  fetch(taskId: string, ctx: ProviderContext): Promise<MidjourneyTask>;
};

/** `baseUrl` is the midjourney-proxy root (without /mj); a key's own baseUrl wins over it. */
export function createMidjourneyClient(options: { baseUrl?: string } = {}): MidjourneyClient {
  const submit = async (path: string, body: Record<string, unknown>, ctx: ProviderContext) =>
    submitted(await midjourneyRequest(ctx, options.baseUrl, "POST", path, body));

  return {
    async imagine(input, ctx) {
      if (input.base64Array?.some((image) => !image.startsWith("data:"))) {
        throw new AppError("invalid_request", "midjourney: reference images must be data: URLs");
      }
      return submit(
        "/mj/submit/imagine",
        withOptional({ prompt: input.prompt, base64Array: input.base64Array ?? [] }, input),
        ctx,
      );
    },
    async action(input, ctx) {
      return submit("/mj/submit/action", withOptional({ taskId: input.taskId, customId: input.customId }, input), ctx);
    },
    async fetch(taskId, ctx) {
      const raw = await midjourneyRequest(ctx, options.baseUrl, "GET", `/mj/task/${encodeURIComponent(taskId)}/fetch`);
      // midjourney-proxy answers an unknown id with an empty 200 body.
      if (raw === null)
        throw new UpstreamError({ provider: MIDJOURNEY_PROVIDER, status: 404, message: `task ${taskId} not found` });
      const parsed = midjourneyTask.safeParse(raw);
      if (!parsed.success)
        throw new UpstreamError({ provider: MIDJOURNEY_PROVIDER, status: 502, message: "unexpected task answer" });
      return parsed.data;
    },
  };
}

function withOptional(
  body: Record<string, unknown>,
  input: { botType?: string; accountFilter?: MidjourneyAccountFilter; state?: string },
): Record<string, unknown> {
  if (input.botType) body.botType = input.botType;
  if (input.accountFilter) body.accountFilter = { instanceId: input.accountFilter.instanceId };
  if (input.state !== undefined) body.state = input.state;
  return body;
}

function submitted(raw: unknown): MidjourneySubmitted {
  const parsed = submitAnswer.safeParse(raw);
  if (!parsed.success)
    throw new UpstreamError({ provider: MIDJOURNEY_PROVIDER, status: 502, message: "unexpected submit answer" });
  const { code, description, result, properties } = parsed.data;
  if (!acceptedCodes.has(code)) throw midjourneySubmitError(code, description ?? undefined);
  if (result === undefined || result === null || result === "") {
    throw new UpstreamError({
      provider: MIDJOURNEY_PROVIDER,
      status: 502,
      message: "submit accepted without a task id",
    });
  }
  const instance = properties?.discordInstanceId ?? properties?.discordChannelId;
  return {
    taskId: String(result),
    code,
    ...(typeof instance === "string" && instance ? { instanceId: instance } : {}),
  };
}
