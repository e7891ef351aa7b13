// Vidu video tasks: text, image (first frame) and start-end frame to video, and the task query that polls them.
import { AppError } from "@waule/shared/errors";
import { z } from "zod";
import type { ProviderContext, VideoCapability, VideoInput, VideoPoll } from "../types.ts";
import { UpstreamError } from "../upstream-error.ts";
import { VIDU_PROVIDER, viduRequest, viduTaskFailureCode } from "./client.ts";

const createdTask = z.object({ task_id: z.string().min(1) });

const taskCreations = z.object({
  state: z.enum(["created", "queueing", "processing", "success", "failed"]),
  err_code: z.string().nullish(),
  creations: z.array(z.object({ url: z.string().min(1), cover_url: z.string().nullish() })).nullish(),
});

/** Picks the documented endpoint from which frames were given; each takes its own body. */
export function viduSubmitRequest(input: VideoInput): { path: string; body: Record<string, unknown> } {
  const common: Record<string, unknown> = {
    model: input.model,
    prompt: input.prompt,
    duration: input.durationSeconds,
    resolution: input.resolution.toLowerCase(),
  };
  if (input.seed !== undefined) common.seed = input.seed;
  if (input.firstFrame && input.lastFrame) {
    return { path: "/ent/v2/start-end2video", body: { ...common, images: [input.firstFrame, input.lastFrame] } };
  }
  if (input.firstFrame) return { path: "/ent/v2/img2video", body: { ...common, images: [input.firstFrame] } };
  if (input.lastFrame) {
    throw new AppError("invalid_request", "vidu: a last frame needs a first frame");
  }
  // Only text-to-video takes an aspect ratio; with images the video follows the image.
  return { path: "/ent/v2/text2video", body: { ...common, aspect_ratio: input.ratio } };
}

export function viduPollResult(raw: unknown): VideoPoll {
  const parsed = taskCreations.safeParse(raw);
  if (!parsed.success) {
    throw new UpstreamError({ provider: VIDU_PROVIDER, status: 502, message: "unexpected task answer" });
  }
  const task = parsed.data;
  switch (task.state) {
    case "created":
    case "queueing":
      return { status: "queued" };
    case "processing":
      return { status: "running" };
    case "failed": {
      const errCode = task.err_code || "unknown";
      return { status: "failed", code: viduTaskFailureCode(errCode), message: `vidu task failed: ${errCode}` };
    }
    case "success": {
      const videos = (task.creations ?? []).map((c) => ({ kind: "url" as const, url: c.url, mimeType: "video/mp4" }));
      if (videos.length === 0) {
        return { status: "failed", code: "upstream_unavailable", message: "vidu task succeeded without a video" };
      }
      return { status: "succeeded", videos };
    }
  }
}

export const viduVideo: VideoCapability = {
  async submit(input: VideoInput, ctx: ProviderContext) {
    const { path, body } = viduSubmitRequest(input);
    const parsed = createdTask.safeParse(await viduRequest(ctx, "POST", path, body));
    if (!parsed.success)
      throw new UpstreamError({ provider: VIDU_PROVIDER, status: 502, message: "no task_id in answer" });
    return { upstreamTaskId: parsed.data.task_id };
  },
  async poll(upstreamTaskId: string, ctx: ProviderContext) {
    const raw = await viduRequest(ctx, "GET", `/ent/v2/tasks/${encodeURIComponent(upstreamTaskId)}/creations`);
    return viduPollResult(raw);
  },
};
