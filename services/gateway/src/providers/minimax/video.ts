// MiniMax (Hailuo) video: create a generation task, query it, and resolve the finished file's download URL.
import { z } from "zod";
import type { ProviderContext, VideoCapability, VideoInput, VideoPoll } from "../types.ts";
import { UpstreamError } from "../upstream-error.ts";
import { MINIMAX_PROVIDER, minimaxError, minimaxRequest, readBaseResp } from "./client.ts";

const createdTask = z.object({ task_id: z.string().min(1) });
const queriedTask = z.object({
  status: z.enum(["Preparing", "Queueing", "Processing", "Success", "Fail"]),
  file_id: z.union([z.string(), z.number()]).nullish(),
  video_width: z.number().nullish(),
  video_height: z.number().nullish(),
});
const retrievedFile = z.object({ file: z.object({ download_url: z.string().min(1) }) });

export function minimaxVideoBody(input: VideoInput): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: input.model,
    prompt: input.prompt,
    duration: input.durationSeconds,
    // MiniMax spells resolutions "768P" / "1080P".
    resolution: input.resolution.toUpperCase(),
  };
  if (input.firstFrame) body.first_frame_image = input.firstFrame;
  // Only models with first-last-frame support accept this; MiniMax answers 2013 otherwise, which maps to a bad request.
  if (input.lastFrame) body.last_frame_image = input.lastFrame;
  return body;
}

export const minimaxVideo: VideoCapability = {
  async submit(input: VideoInput, ctx: ProviderContext) {
    const json = await minimaxRequest(ctx, "POST", "/v1/video_generation", { body: minimaxVideoBody(input) });
    const parsed = createdTask.safeParse(json);
    if (!parsed.success) throw unexpected("no task_id in answer");
    return { upstreamTaskId: parsed.data.task_id };
  },

  async poll(upstreamTaskId: string, ctx: ProviderContext): Promise<VideoPoll> {
    const json = await minimaxRequest(ctx, "GET", "/v1/query/video_generation", {
      query: { task_id: upstreamTaskId },
      allowBaseError: true,
    });
    const baseResp = readBaseResp(json);
    const parsed = queriedTask.safeParse(json);
    // A failed query (bad key, rate limit) has no task status: it is an error of this call, not of the task.
    if (!parsed.success) {
      if (baseResp && baseResp.status_code !== 0) throw minimaxError(baseResp);
      throw unexpected("unexpected task answer");
    }
    const task = parsed.data;
    switch (task.status) {
      case "Preparing":
      case "Queueing":
        return { status: "queued" };
      case "Processing":
        return { status: "running" };
      case "Fail": {
        if (baseResp && baseResp.status_code !== 0) {
          const err = minimaxError(baseResp);
          return { status: "failed", code: err.code, message: err.message };
        }
        return { status: "failed", code: "upstream_unavailable", message: "minimax: video task failed" };
      }
      case "Success": {
        if (task.file_id === undefined || task.file_id === null || task.file_id === "")
          throw unexpected("task succeeded without file_id");
        const file = retrievedFile.safeParse(
          await minimaxRequest(ctx, "GET", "/v1/files/retrieve", { query: { file_id: String(task.file_id) } }),
        );
        if (!file.success) throw unexpected("file has no download_url");
        return {
          status: "succeeded",
          videos: [
            {
              kind: "url",
              url: file.data.file.download_url,
              mimeType: "video/mp4",
              ...(task.video_width ? { width: task.video_width } : {}),
              ...(task.video_height ? { height: task.video_height } : {}),
            },
          ],
        };
      }
    }
  },
};

function unexpected(message: string): UpstreamError {
  return new UpstreamError({ provider: MINIMAX_PROVIDER, status: 502, message });
}
