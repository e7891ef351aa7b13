// Sora video through sora2api's task endpoints: POST /v1/videos starts a task, GET /v1/videos/{id} polls it.
import { AppError } from "@waule/shared/errors";
import { z } from "zod";
import { downloadTenantMedia } from "../tenant-media.ts";
import type { ProviderContext, VideoCapability, VideoInput, VideoPoll } from "../types.ts";
import { UpstreamError } from "../upstream-error.ts";
import { isSoraRefusal, SORA_PROVIDER, soraRequest } from "./client.ts";

const createdVideo = z.object({ id: z.string().min(1) });
const videoTask = z.object({
  status: z.string(),
  progress: z.number().nullish(),
  video_url: z.string().nullish(),
  url: z.string().nullish(),
  error: z.object({ message: z.string().nullish() }).nullish(),
});

/** sora2api picks landscape or portrait from `size` (portrait when height > width) when the model is "sora-2". */
export function soraSize(ratio: string): string {
  const [w, h] = ratio.split(":").map(Number);
  return w !== undefined && h !== undefined && h > w ? "720x1280" : "1280x720";
}

export async function soraVideoBody(input: VideoInput, ctx: ProviderContext): Promise<Record<string, unknown>> {
  if (input.lastFrame) throw new AppError("invalid_request", "sora: a last frame is not supported");
  const body: Record<string, unknown> = {
    model: input.model,
    prompt: input.prompt,
    seconds: String(input.durationSeconds),
    size: soraSize(input.ratio),
  };
  if (input.firstFrame) body.image = await imageAsDataUrl(input.firstFrame, ctx);
  return body;
}

/** sora2api only takes the image as base64 (a data: URL is fine), so a URL is fetched here first. */
async function imageAsDataUrl(image: string, ctx: ProviderContext): Promise<string> {
  if (image.startsWith("data:")) return image;
  const { data, mimeType } = await downloadTenantMedia(image, ctx, "sora: first frame");
  return `data:${mimeType};base64,${Buffer.from(data).toString("base64")}`;
}

export function soraPollResult(raw: unknown): VideoPoll {
  const parsed = videoTask.safeParse(raw);
  if (!parsed.success)
    throw new UpstreamError({ provider: SORA_PROVIDER, status: 502, message: "unexpected task answer" });
  const task = parsed.data;
  const progress = task.progress ?? undefined;
  switch (task.status) {
    case "queued":
      return { status: "queued", ...(progress !== undefined ? { progress } : {}) };
    case "processing":
    case "in_progress":
      return { status: "running", ...(progress !== undefined ? { progress } : {}) };
    case "completed":
    case "succeeded": {
      const url = task.video_url || task.url;
      if (!url)
        return { status: "failed", code: "upstream_unavailable", message: "sora: task completed without a video URL" };
      return { status: "succeeded", videos: [{ kind: "url", url, mimeType: "video/mp4" }] };
    }
    case "failed": {
      const message = task.error?.message || "generation failed";
      return {
        status: "failed",
        code: isSoraRefusal(message) ? "content_refused" : "upstream_unavailable",
        message: `sora: ${message}`,
      };
    }
    default:
      throw new UpstreamError({ provider: SORA_PROVIDER, status: 502, message: `unknown task status ${task.status}` });
  }
}

export function createSoraVideo(fallbackBaseUrl?: string): VideoCapability {
  return {
    async submit(input: VideoInput, ctx: ProviderContext) {
      const body = await soraVideoBody(input, ctx);
      const parsed = createdVideo.safeParse(await soraRequest(ctx, fallbackBaseUrl, "POST", "/v1/videos", body));
      if (!parsed.success)
        throw new UpstreamError({ provider: SORA_PROVIDER, status: 502, message: "no video id in answer" });
      return { upstreamTaskId: parsed.data.id };
    },
    async poll(upstreamTaskId: string, ctx: ProviderContext) {
      return soraPollResult(
        await soraRequest(ctx, fallbackBaseUrl, "GET", `/v1/videos/${encodeURIComponent(upstreamTaskId)}`),
      );
    },
  };
}
