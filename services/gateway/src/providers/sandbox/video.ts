// Sandbox video tasks: a WebM/VP8 clip rendered deterministically from the request; progress follows the clock.
import { createHash } from "node:crypto";
import encodeWebp from "@jsquash/webp/encode";
import { videoDimensions, videoRatio, videoResolution } from "@waule/shared/videos";
import { z } from "zod";
import type { MediaOutput, VideoCapability, VideoInput, VideoPoll } from "../types";
import { UpstreamError } from "../upstream-error";
import type { Simulation } from "./simulation";
import { muxWebm } from "./webm";

export type SandboxVideoOptions = {
  /** Polls before completion: queued, then running at 1/steps, 2/steps… of 100, then done. */
  steps?: number;
  /** Time each step takes, measured with the ProviderContext clock. */
  stepMs?: number;
  /** 0..1: share of accepted tasks that end "failed", decided at submit with `random`. */
  taskFailureRate?: number;
  random?: () => number;
  fps?: number;
  /** The clip keeps the requested ratio but is rendered small, so tests and dev machines stay fast. */
  maxShortSide?: number;
};

/**
 * Everything a poll needs travels inside the task id, so any gateway instance, including one
 * restarted mid-task, can answer for it without shared state.
 */
const job = z.object({
  h: z.string().regex(/^[0-9a-f]{32}$/),
  d: z.number().int().min(1).max(60),
  r: videoResolution,
  a: videoRatio,
  t: z.number().int(),
  f: z.boolean(),
});
type Job = z.infer<typeof job>;
const ID_PREFIX = "sbx-video-";

export function encodeJobId(j: Job): string {
  return ID_PREFIX + Buffer.from(JSON.stringify(j)).toString("base64url");
}

export function decodeJobId(id: string): Job {
  try {
    if (!id.startsWith(ID_PREFIX)) throw new Error("prefix");
    return job.parse(JSON.parse(Buffer.from(id.slice(ID_PREFIX.length), "base64url").toString("utf8")));
  } catch {
    throw new UpstreamError({
      provider: "sandbox",
      status: 404,
      message: `unknown sandbox video task ${id.slice(0, 80)}`,
    });
  }
}

/** The VP8 keyframe inside a lossy WebP: the payload of its RIFF 'VP8 ' chunk. */
export function vp8FromWebp(webp: Uint8Array): Uint8Array {
  const view = new DataView(webp.buffer, webp.byteOffset, webp.byteLength);
  const tag = (o: number) => String.fromCharCode(...webp.subarray(o, o + 4));
  if (tag(0) !== "RIFF" || tag(8) !== "WEBP") throw new Error("not a WebP file");
  for (let at = 12; at + 8 <= webp.length; ) {
    const size = view.getUint32(at + 4, true);
    if (tag(at) === "VP8 ") return webp.slice(at + 8, at + 8 + size);
    at += 8 + size + (size & 1);
  }
  throw new Error("WebP has no lossy 'VP8 ' chunk");
}

/** One frame: a drifting two-colour gradient with a square bouncing across it; integer maths only. */
function renderFrame(seed: Buffer, width: number, height: number, frame: number): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(width * height * 4);
  const size = Math.max(4, Math.floor(Math.min(width, height) / 4));
  const travelX = Math.max(1, width - size);
  const travelY = Math.max(1, height - size);
  const bounce = (pos: number, span: number) => (Math.floor(pos / span) % 2 === 0 ? pos % span : span - (pos % span));
  const sx = bounce(seed[9]! + frame * (2 + (seed[10]! % 5)), travelX);
  const sy = bounce(seed[11]! + frame * (1 + (seed[12]! % 4)), travelY);
  const drift = frame * 3;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const inSquare = x >= sx && x < sx + size && y >= sy && y < sy + size;
      const t = (((x + drift) % width) * 256) / width;
      for (let c = 0; c < 3; c++) {
        rgba[i + c] = inSquare ? seed[6 + c]! : Math.floor((seed[c]! * (256 - t) + seed[3 + c]! * t) / 256);
      }
      rgba[i + 3] = 255;
    }
  }
  return rgba;
}

export type RenderedVideo = { data: Uint8Array; width: number; height: number; durationSeconds: number };

export async function renderSandboxVideo(j: Job, opts: { fps: number; maxShortSide: number }): Promise<RenderedVideo> {
  const full = videoDimensions(j.r, j.a);
  const scale = Math.min(1, opts.maxShortSide / Math.min(full.width, full.height));
  const even = (n: number) => Math.max(2, Math.round((n * scale) / 2) * 2);
  const width = even(full.width);
  const height = even(full.height);
  const seed = createHash("sha256").update(j.h).digest();
  const frames: Uint8Array[] = [];
  for (let f = 0; f < j.d * opts.fps; f++) {
    const data = renderFrame(seed, width, height, f);
    const webp = await encodeWebp({ data, width, height, colorSpace: "srgb" } as ImageData, { quality: 70, method: 2 });
    frames.push(vp8FromWebp(new Uint8Array(webp)));
  }
  return {
    data: muxWebm({ width, height, frames, frameDurationMs: 1000 / opts.fps }),
    width,
    height,
    durationSeconds: j.d,
  };
}

function contentHash(input: VideoInput): string {
  return createHash("sha256")
    .update(JSON.stringify([input.prompt, input.seed ?? 0, input.firstFrame ?? "", input.lastFrame ?? ""]))
    .digest("hex")
    .slice(0, 32);
}

export function sandboxVideo(simulation: Simulation, options: SandboxVideoOptions = {}): VideoCapability {
  const steps = options.steps ?? 4;
  const stepMs = options.stepMs ?? 1_000;
  const random = options.random ?? Math.random;
  const render = { fps: options.fps ?? 8, maxShortSide: options.maxShortSide ?? 180 };
  // Polls after completion repeat; keep the last few clips instead of re-encoding them.
  const cache = new Map<string, RenderedVideo>();

  return {
    async submit(input, ctx) {
      await simulation.beforeCall(ctx.signal);
      const resolution = videoResolution.safeParse(input.resolution);
      const ratio = videoRatio.safeParse(input.ratio);
      if (!resolution.success || !ratio.success) {
        throw new UpstreamError({
          provider: "sandbox",
          status: 400,
          message: `unsupported resolution/ratio ${input.resolution} ${input.ratio}`,
        });
      }
      const failRate = options.taskFailureRate ?? 0;
      const j: Job = {
        h: contentHash(input),
        d: Math.max(1, Math.min(60, Math.round(input.durationSeconds))),
        r: resolution.data,
        a: ratio.data,
        t: Math.floor(ctx.clock.now()),
        f: failRate > 0 && random() < failRate,
      };
      return { upstreamTaskId: encodeJobId(j) };
    },

    async poll(upstreamTaskId, ctx): Promise<VideoPoll> {
      const j = decodeJobId(upstreamTaskId);
      const step = Math.floor((ctx.clock.now() - j.t) / stepMs);
      if (step < steps) {
        return step <= 0
          ? { status: "queued", progress: 0 }
          : { status: "running", progress: Math.round((step * 100) / steps) };
      }
      if (j.f)
        return {
          status: "failed",
          code: "upstream_unavailable",
          message: "simulated video task failure (taskFailureRate)",
        };
      let clip = cache.get(upstreamTaskId);
      if (!clip) {
        clip = await renderSandboxVideo(j, render);
        cache.set(upstreamTaskId, clip);
        if (cache.size > 8) cache.delete(cache.keys().next().value!);
      }
      const video: MediaOutput = {
        kind: "bytes",
        data: clip.data,
        mimeType: "video/webm",
        width: clip.width,
        height: clip.height,
        durationSeconds: clip.durationSeconds,
      };
      return { status: "succeeded", videos: [video] };
    },
  };
}
