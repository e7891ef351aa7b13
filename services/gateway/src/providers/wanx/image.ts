// Wanx images: DashScope only runs them as async tasks over HTTP, so generate() submits, then polls until the task ends.

import type { ImageCapability, ImageInput, ImageOutput, ProviderContext } from "../types";
import { networkFailure, UpstreamError } from "../upstream-error";
import {
  type DashScopeTaskOutput,
  dashscopeTaskFailure,
  fetchDashScopeTask,
  submitDashScopeTask,
  WANX_PROVIDER,
} from "./client";

export type WanxPolling = {
  /** Wait between task polls; DashScope suggests seconds, tests use ~1 ms. */
  intervalMs: number;
  /** Give up (504, retryable) when the task has not ended this long after submit, measured with ctx.clock. */
  timeoutMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
};

export const TEXT_TO_IMAGE_PATH = "/services/aigc/text2image/image-synthesis";
export const IMAGE_TO_IMAGE_PATH = "/services/aigc/image2image/image-synthesis";

/** Wan documents PNG output for text-to-image and image editing. */
const WANX_IMAGE_MIME = "image/png";

export function wanxImageRequest(input: ImageInput): { path: string; body: Record<string, unknown> } {
  const parameters: Record<string, unknown> = { n: input.n, watermark: false };
  if (input.seed !== undefined) parameters.seed = input.seed;
  if (!input.referenceImage) {
    parameters.size = `${input.width}*${input.height}`;
    return { path: TEXT_TO_IMAGE_PATH, body: { model: input.model, input: { prompt: input.prompt }, parameters } };
  }
  // wanx2.1-imageedit takes one base image and a named edit function; the 2.5+ editors take an images array and a size.
  if (input.model.startsWith("wanx2.1-imageedit")) {
    return {
      path: IMAGE_TO_IMAGE_PATH,
      body: {
        model: input.model,
        input: { function: "description_edit", prompt: input.prompt, base_image_url: input.referenceImage },
        parameters,
      },
    };
  }
  parameters.size = `${input.width}*${input.height}`;
  return {
    path: IMAGE_TO_IMAGE_PATH,
    body: { model: input.model, input: { prompt: input.prompt, images: [input.referenceImage] }, parameters },
  };
}

export function createWanxImage(polling: WanxPolling): ImageCapability {
  return {
    async generate(input: ImageInput, ctx: ProviderContext): Promise<ImageOutput> {
      const { path, body } = wanxImageRequest(input);
      const startedAt = ctx.clock.now();
      const taskId = await submitDashScopeTask(ctx, path, body);
      while (true) {
        try {
          await polling.sleep(polling.intervalMs, ctx.signal);
        } catch (err) {
          throw networkFailure(WANX_PROVIDER, err);
        }
        const task = await fetchDashScopeTask(ctx, taskId);
        const done = imageTaskResult(task, input);
        if (done) return done;
        if (ctx.clock.now() - startedAt >= polling.timeoutMs) {
          throw new UpstreamError({
            provider: WANX_PROVIDER,
            status: 504,
            message: `image task ${taskId} still ${task.task_status} after ${polling.timeoutMs} ms`,
          });
        }
      }
    },
  };
}

/** The images of a finished task, null while it runs; a failed task throws. */
export function imageTaskResult(
  task: DashScopeTaskOutput,
  input: Pick<ImageInput, "width" | "height">,
): ImageOutput | null {
  switch (task.task_status) {
    case "PENDING":
    case "RUNNING":
      return null;
    case "SUCCEEDED": {
      const images: ImageOutput["images"] = [];
      let firstError: { code?: string; message?: string } | undefined;
      for (const r of task.results ?? []) {
        if (r.url) {
          const revised = r.actual_prompt ? { revisedPrompt: r.actual_prompt } : {};
          images.push({
            kind: "url",
            url: r.url,
            mimeType: WANX_IMAGE_MIME,
            width: input.width,
            height: input.height,
            ...revised,
          });
        } else if (r.code) {
          // Some of n images can be refused by moderation while the task as a whole succeeds.
          firstError ??= r;
        }
      }
      if (images.length > 0) return { images };
      throw new UpstreamError(
        dashscopeTaskFailure(firstError?.code, firstError?.message ?? "task succeeded without images"),
      );
    }
    case "FAILED":
      throw new UpstreamError(dashscopeTaskFailure(task.code, task.message));
    case "CANCELED":
      throw new UpstreamError({
        provider: WANX_PROVIDER,
        status: 502,
        upstreamCode: "CANCELED",
        message: "task was cancelled upstream",
      });
    default:
      // UNKNOWN: DashScope no longer knows the task (expired or never existed).
      throw new UpstreamError({
        provider: WANX_PROVIDER,
        status: 502,
        upstreamCode: String(task.task_status),
        message: "task status is unknown upstream",
      });
  }
}
