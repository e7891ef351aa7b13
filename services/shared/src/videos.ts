// Video generation: the public submit body (text- and image-to-video) and the internal submit shape.
import { z } from "zod";
import { storageTarget } from "./images";
import { requestedProvider } from "./models";
import { internalTaskStatus } from "./tasks";

export const videoResolution = z.enum(["480p", "720p", "1080p"]);
export type VideoResolution = z.infer<typeof videoResolution>;
export const videoRatio = z.enum(["16:9", "9:16", "1:1", "4:3", "3:4", "21:9"]);
export type VideoRatio = z.infer<typeof videoRatio>;

export const MAX_VIDEO_SECONDS = 20;
/** A first/last frame: an http(s) URL or a data: URL of at most ~10 MB of image. */
const frameImage = z
  .string()
  .max(14_000_000)
  .refine(
    (s) => /^https?:\/\//.test(s) || /^data:image\/(png|jpeg|webp);base64,/.test(s),
    "must be an http(s) URL or a data:image/... base64 URL",
  );

/**
 * POST /api/v1/videos/generations. Cost is held at submit from duration × resolution, so both are
 * closed sets and the body is strict. `image` is accepted as another name for `first_frame`.
 */
export const videoGenerationRequest = z
  .object({
    model: z.string().min(1).max(100),
    prompt: z.string().min(1).max(4000).optional(),
    first_frame: frameImage.optional(),
    image: frameImage.optional(),
    last_frame: frameImage.optional(),
    duration: z.number().int().min(1).max(MAX_VIDEO_SECONDS).default(5),
    resolution: videoResolution.default("720p"),
    ratio: videoRatio.default("16:9"),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
    callback_url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
    /** Waule: the model's provider, if named, must be the catalogue's (see requestedProvider). */
    provider: requestedProvider,
    user: z.string().max(200).optional(),
  })
  .strict()
  .refine((b) => !(b.first_frame && b.image), { message: "give first_frame or image, not both", path: ["image"] })
  .refine((b) => b.prompt || b.first_frame || b.image, {
    message: "prompt is required for text-to-video",
    path: ["prompt"],
  })
  .refine((b) => !b.last_frame || b.first_frame || b.image, {
    message: "last_frame needs a first_frame",
    path: ["last_frame"],
  })
  .transform(({ image, ...b }) => ({ ...b, first_frame: b.first_frame ?? image }));
export type VideoGenerationRequest = z.infer<typeof videoGenerationRequest>;

/** Pixel size of a resolution class at a ratio: the short side is the resolution's number. */
export function videoDimensions(resolution: VideoResolution, ratio: VideoRatio): { width: number; height: number } {
  const short = Number(resolution.replace("p", ""));
  const [a, b] = ratio.split(":").map(Number) as [number, number];
  const even = (n: number) => Math.round(n / 2) * 2;
  return a >= b ? { width: even((short * a) / b), height: short } : { width: short, height: even((short * b) / a) };
}

/** 202 answer of POST /api/v1/videos/generations. */
export const videoGenerationAccepted = z.object({
  id: z.string(),
  object: z.literal("task"),
  type: z.literal("video"),
  status: z.literal("queued"),
  created_at: z.number().int(),
});
export type VideoGenerationAccepted = z.infer<typeof videoGenerationAccepted>;

/** POST /internal/v1/videos/generations; answers internalTaskStatus (status queued or running). */
export const internalVideoRequest = z.object({
  tenantId: z.string().min(1),
  /** The server's task id; the gateway keeps it so a resubmit after a crash is recognised, not duplicated. */
  serverTaskId: z.string().min(1),
  model: z.string().min(1),
  provider: z.string().optional(),
  upstreamModel: z.string().optional(),
  prompt: z.string().max(4000).default(""),
  firstFrame: z.string().optional(),
  lastFrame: z.string().optional(),
  durationSeconds: z.number().int().min(1).max(MAX_VIDEO_SECONDS),
  resolution: videoResolution,
  ratio: videoRatio,
  seed: z.number().int().optional(),
  /** Where the gateway POSTs internalTaskStatus when the task changes (signed like every internal call). */
  notifyUrl: z.url().optional(),
  storage: storageTarget.default({ mode: "PLATFORM" }),
});
export type InternalVideoRequest = z.infer<typeof internalVideoRequest>;

export const internalVideoResponse = internalTaskStatus;
