// Wanx video as DashScope async tasks: text-to-video and first-frame image-to-video share one endpoint, first+last frame has its own.
import { AppError } from "@waule/shared/errors";
import type { ProviderContext, VideoCapability, VideoInput, VideoPoll, VideoSubmitted } from "../types";
import { UpstreamError, type UpstreamFailure } from "../upstream-error";
import {
  type DashScopeTaskOutput,
  dashscopeTaskFailure,
  fetchDashScopeTask,
  submitDashScopeTask,
  WANX_PROVIDER,
} from "./client";

export const VIDEO_SYNTHESIS_PATH = "/services/aigc/video-generation/video-synthesis";
export const KEYFRAME_VIDEO_PATH = "/services/aigc/image2video/video-synthesis";

/** Text-to-video takes an exact `size`; these are the documented sizes per resolution tier and ratio. */
const T2V_SIZES: Record<string, Record<string, string>> = {
  "480p": { "16:9": "832*480", "9:16": "480*832", "1:1": "624*624" },
  "720p": { "16:9": "1280*720", "9:16": "720*1280", "1:1": "960*960", "4:3": "1088*832", "3:4": "832*1088" },
  "1080p": { "16:9": "1920*1080", "9:16": "1080*1920", "1:1": "1440*1440", "4:3": "1632*1248", "3:4": "1248*1632" },
};

export function wanxVideoRequest(input: VideoInput): { path: string; body: Record<string, unknown> } {
  const resolution = input.resolution.toLowerCase();
  const parameters: Record<string, unknown> = { duration: input.durationSeconds, watermark: false };
  if (input.seed !== undefined) parameters.seed = input.seed;
  // Image-to-video takes a resolution tier ("720P"); the picture decides the shape.
  const tier = resolution.toUpperCase();
  if (input.firstFrame && input.lastFrame) {
    const body = {
      model: input.model,
      input: { prompt: input.prompt, first_frame_url: input.firstFrame, last_frame_url: input.lastFrame },
      parameters: { ...parameters, resolution: tier },
    };
    return { path: KEYFRAME_VIDEO_PATH, body };
  }
  if (input.firstFrame) {
    return {
      path: VIDEO_SYNTHESIS_PATH,
      body: {
        model: input.model,
        input: { prompt: input.prompt, img_url: input.firstFrame },
        parameters: { ...parameters, resolution: tier },
      },
    };
  }
  const size = T2V_SIZES[resolution]?.[input.ratio];
  if (!size)
    throw new AppError("invalid_request", `wanx text-to-video has no ${input.ratio} size at ${input.resolution}`);
  return {
    path: VIDEO_SYNTHESIS_PATH,
    body: { model: input.model, input: { prompt: input.prompt }, parameters: { ...parameters, size } },
  };
}

export const wanxVideo: VideoCapability = {
  async submit(input: VideoInput, ctx: ProviderContext): Promise<VideoSubmitted> {
    const { path, body } = wanxVideoRequest(input);
    return { upstreamTaskId: await submitDashScopeTask(ctx, path, body) };
  },
  async poll(upstreamTaskId: string, ctx: ProviderContext): Promise<VideoPoll> {
    return wanxVideoPoll(await fetchDashScopeTask(ctx, upstreamTaskId));
  },
};

export function wanxVideoPoll(task: DashScopeTaskOutput): VideoPoll {
  switch (task.task_status) {
    case "PENDING":
      return { status: "queued" };
    case "RUNNING":
      return { status: "running" };
    case "SUCCEEDED":
      if (!task.video_url)
        return failed({ provider: WANX_PROVIDER, status: 502, message: "task succeeded without a video_url" });
      return { status: "succeeded", videos: [{ kind: "url", url: task.video_url, mimeType: "video/mp4" }] };
    case "FAILED":
      return failed(dashscopeTaskFailure(task.code, task.message));
    case "CANCELED":
      return failed({
        provider: WANX_PROVIDER,
        status: 502,
        upstreamCode: "CANCELED",
        message: "task was cancelled upstream",
      });
    case "UNKNOWN":
      // Task results live 24 h upstream; after that DashScope reports UNKNOWN and the video is gone.
      return failed({
        provider: WANX_PROVIDER,
        status: 502,
        upstreamCode: "UNKNOWN",
        message: "task is unknown upstream (expired or never created)",
      });
    default:
      throw new UpstreamError({
        provider: WANX_PROVIDER,
        status: 502,
        message: `unexpected task status ${String(task.task_status)}`,
      });
  }
}

/** A failed task carries the platform's error code, so the server refunds and words it like any other failure. */
function failed(failure: UpstreamFailure): VideoPoll {
  const err = new UpstreamError(failure);
  return { status: "failed", code: err.code, message: err.message };
}
