// Veo video as a long-running operation: models/{model}:predictLongRunning → operation name; GET /v1beta/{name} until done; download video.uri with the key.
import { AppError } from "@waule/shared/errors";
import { downloadTenantMedia } from "../tenant-media.ts";
import type { MediaOutput, ProviderContext, VideoCapability, VideoInput, VideoPoll } from "../types.ts";
import { networkFailure, UpstreamError } from "../upstream-error.ts";
import { modelPath } from "./chat.ts";
import {
  type GoogleStatus,
  geminiBaseUrl,
  geminiProviderName,
  geminiRequest,
  mapGoogleError,
  readGeminiJson,
  upstreamErrorFromRpc,
} from "./client.ts";

type VeoImage = { bytesBase64Encoded: string; mimeType: string };
type Operation = {
  name?: string;
  done?: boolean;
  error?: GoogleStatus;
  response?: {
    generateVideoResponse?: {
      generatedSamples?: { video?: { uri?: string } }[];
      raiMediaFilteredCount?: number;
      raiMediaFilteredReasons?: string[];
    };
  };
};

/** Operation names look like "models/veo-3.0-generate-001/operations/abc123"; anything else must not reach the URL. */
const operationNamePattern = /^[A-Za-z0-9._\-/]*operations\/[A-Za-z0-9._-]+$/;

export const geminiVideo: VideoCapability = {
  async submit(input, ctx) {
    const instance: { prompt: string; image?: VeoImage; lastFrame?: VeoImage } = { prompt: input.prompt };
    if (input.firstFrame) instance.image = await loadFrame(input.firstFrame, ctx);
    if (input.lastFrame) instance.lastFrame = await loadFrame(input.lastFrame, ctx);
    const res = await geminiRequest(ctx, "POST", `${modelPath(input.model)}:predictLongRunning`, {
      instances: [instance],
      parameters: veoParameters(input),
    });
    const operation = await readGeminiJson<Operation>(res);
    if (!operation.name || !operationNamePattern.test(operation.name)) {
      throw new UpstreamError({
        provider: geminiProviderName,
        status: 502,
        message: "answer did not name an operation",
      });
    }
    return { upstreamTaskId: operation.name };
  },

  async poll(upstreamTaskId, ctx) {
    if (!operationNamePattern.test(upstreamTaskId))
      throw new AppError("invalid_request", `gemini: not an operation name: ${upstreamTaskId}`);
    const operation = await readGeminiJson<Operation>(await geminiRequest(ctx, "GET", upstreamTaskId));
    if (operation.done !== true) return { status: "running" };
    if (operation.error) {
      const err = upstreamErrorFromRpc(operation.error);
      return { status: "failed", code: err.code, message: err.message };
    }
    return finished(operation, ctx);
  },
};

function veoParameters(input: VideoInput): Record<string, unknown> {
  const parameters: Record<string, unknown> = {
    aspectRatio: input.ratio,
    resolution: input.resolution,
    durationSeconds: input.durationSeconds,
  };
  if (input.seed !== undefined) parameters.seed = input.seed;
  return parameters;
}

async function finished(operation: Operation, ctx: ProviderContext): Promise<VideoPoll> {
  const result = operation.response?.generateVideoResponse;
  const uris = (result?.generatedSamples ?? [])
    .map((s) => s.video?.uri)
    .filter((u): u is string => typeof u === "string" && u !== "");
  if (uris.length === 0) {
    // Veo reports safety filtering as a finished operation with no samples and the reasons beside them.
    if ((result?.raiMediaFilteredCount ?? 0) > 0) {
      return {
        status: "failed",
        code: "content_refused",
        message: `gemini: ${(result?.raiMediaFilteredReasons ?? []).join(" ") || "video was filtered by Google's safety filters"}`,
      };
    }
    return { status: "failed", code: "upstream_unavailable", message: "gemini: operation finished without a video" };
  }
  const videos: MediaOutput[] = [];
  for (const uri of uris) videos.push(await download(uri, ctx));
  return { status: "succeeded", videos };
}

/**
 * The video URI only answers with the API key, and the gateway's storage copier does not hold keys, so the adapter fetches
 * the bytes itself. The key goes only to Google's API host or the configured base URL's host, never to another origin.
 */
async function download(uri: string, ctx: ProviderContext): Promise<MediaOutput> {
  const target = new URL(uri);
  const trusted =
    target.origin === new URL(geminiBaseUrl(ctx)).origin || target.hostname === "generativelanguage.googleapis.com";
  let res: Response;
  try {
    res = await ctx.fetch(uri, {
      headers: trusted ? { "x-goog-api-key": ctx.key.secret } : {},
      signal: ctx.signal,
      redirect: "follow",
    });
  } catch (err) {
    throw networkFailure(geminiProviderName, err);
  }
  if (!res.ok) throw mapGoogleError(res.status, await res.text().catch(() => ""));
  const data = new Uint8Array(await res.arrayBuffer());
  const type = res.headers.get("content-type")?.split(";")[0]?.trim();
  return { kind: "bytes", data, mimeType: type?.startsWith("video/") ? type : "video/mp4" };
}

/** Veo takes frames as base64 bytes, so URLs are fetched here; data: URLs are decoded as they are. */
async function loadFrame(frame: string, ctx: ProviderContext): Promise<VeoImage> {
  const inline = /^data:([^;,]+);base64,(.*)$/s.exec(frame);
  if (inline) return { mimeType: inline[1]!, bytesBase64Encoded: inline[2]! };
  const { data, mimeType } = await downloadTenantMedia(frame, ctx, "gemini: the frame image");
  return { mimeType, bytesBase64Encoded: Buffer.from(data).toString("base64") };
}
