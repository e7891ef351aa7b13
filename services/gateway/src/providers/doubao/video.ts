// Seedance video on Ark: create a task (POST /contents/generations/tasks), then poll it (GET …/tasks/{id}).

import type { ProviderContext, VideoCapability, VideoInput, VideoPoll, VideoSubmitted } from "../types";
import { UpstreamError, type UpstreamFailure } from "../upstream-error";
import { arkRequest, arkTaskFailure, DOUBAO_PROVIDER } from "./client";

type ArkTask = {
  id?: string;
  status?: string;
  content?: { video_url?: string };
  error?: { code?: string; message?: string } | null;
  duration?: number;
  resolution?: string;
  ratio?: string;
};

type ContentItem =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string }; role: "first_frame" | "last_frame" };

/**
 * Parameters go as request-body fields (Ark's documented form, validated strictly) rather than
 * `--ratio …` commands appended to the prompt, which Ark silently ignores when they are wrong.
 */
export function seedanceRequestBody(input: VideoInput): Record<string, unknown> {
  const content: ContentItem[] = [];
  if (input.prompt) content.push({ type: "text", text: input.prompt });
  if (input.firstFrame) content.push({ type: "image_url", image_url: { url: input.firstFrame }, role: "first_frame" });
  if (input.lastFrame) content.push({ type: "image_url", image_url: { url: input.lastFrame }, role: "last_frame" });
  const body: Record<string, unknown> = {
    model: input.model,
    content,
    resolution: input.resolution,
    // With a first frame the picture decides the shape; "adaptive" keeps it instead of cropping.
    ratio: input.firstFrame ? "adaptive" : input.ratio,
    duration: input.durationSeconds,
    watermark: false,
  };
  if (input.seed !== undefined) body.seed = input.seed;
  return body;
}

export const seedanceVideo: VideoCapability = {
  async submit(input: VideoInput, ctx: ProviderContext): Promise<VideoSubmitted> {
    const answer = await arkRequest<ArkTask>(ctx, "POST", "/contents/generations/tasks", seedanceRequestBody(input));
    if (!answer.id)
      throw new UpstreamError({ provider: DOUBAO_PROVIDER, status: 502, message: "task answer had no id" });
    return { upstreamTaskId: answer.id };
  },

  async poll(upstreamTaskId: string, ctx: ProviderContext): Promise<VideoPoll> {
    const task = await arkRequest<ArkTask>(
      ctx,
      "GET",
      `/contents/generations/tasks/${encodeURIComponent(upstreamTaskId)}`,
    );
    return seedancePoll(task);
  },
};

export function seedancePoll(task: ArkTask): VideoPoll {
  switch (task.status) {
    case "queued":
      return { status: "queued" };
    case "running":
      return { status: "running" };
    case "succeeded": {
      const url = task.content?.video_url;
      if (!url)
        return failed({ provider: DOUBAO_PROVIDER, status: 502, message: "task succeeded without a video_url" });
      return {
        status: "succeeded",
        videos: [{ kind: "url", url, mimeType: "video/mp4", durationSeconds: task.duration }],
      };
    }
    case "failed":
      return failed(arkTaskFailure(task.error?.code, task.error?.message ?? "task failed"));
    case "cancelled":
      return failed({
        provider: DOUBAO_PROVIDER,
        status: 502,
        upstreamCode: "cancelled",
        message: "task was cancelled upstream",
      });
    case "expired":
      return failed({
        provider: DOUBAO_PROVIDER,
        status: 504,
        upstreamCode: "expired",
        message: "task expired upstream",
      });
    default:
      throw new UpstreamError({
        provider: DOUBAO_PROVIDER,
        status: 502,
        message: `unknown task status ${String(task.status)}`,
      });
  }
}

/** A failed task carries the platform's error code, so the server refunds and words it like any other failure. */
function failed(failure: UpstreamFailure): VideoPoll {
  const err = new UpstreamError(failure);
  return { status: "failed", code: err.code, message: err.message };
}
