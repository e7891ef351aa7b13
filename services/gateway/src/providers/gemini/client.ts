// HTTP basics of Google's Generative Language API (v1beta): base URL, x-goog-api-key auth, google.rpc.Status error mapping, safety verdicts.
//
// Docs followed:
//   https://ai.google.dev/api/generate-content          (models/{model}:generateContent, :streamGenerateContent?alt=sse, promptFeedback, finishReason)
//   https://ai.google.dev/gemini-api/docs/image-generation  (responseModalities IMAGE → inlineData; Imagen via models/{model}:predict)
//   https://ai.google.dev/gemini-api/docs/video          (Veo: models/{model}:predictLongRunning, GET /v1beta/{operation name}, video.uri download with the key)
//   https://ai.google.dev/gemini-api/docs/file-input-methods (inlineData; fileData.fileUri may be a public or signed HTTPS URL)
//   https://ai.google.dev/gemini-api/docs/troubleshooting (400 INVALID_ARGUMENT / FAILED_PRECONDITION, 403 PERMISSION_DENIED, 429 RESOURCE_EXHAUSTED, 500 INTERNAL, 503 UNAVAILABLE, 504 DEADLINE_EXCEEDED)
//
// Base URL convention (same as openai-compatible): it includes the version, https://generativelanguage.googleapis.com/v1beta.

import type { ProviderContext } from "../types.ts";
import { networkFailure, UpstreamError } from "../upstream-error.ts";

export const geminiProviderName = "gemini";
export const geminiDefaultBaseUrl = "https://generativelanguage.googleapis.com/v1beta";

/** Prompt block reasons and finish reasons that mean Google's safety systems withheld the answer. */
const safetyReasons = new Set([
  "SAFETY",
  "BLOCKLIST",
  "PROHIBITED_CONTENT",
  "SPII",
  "IMAGE_SAFETY",
  "IMAGE_PROHIBITED_CONTENT",
  "RECITATION",
  "IMAGE_RECITATION",
]);

export function isSafetyReason(reason: string | undefined): boolean {
  return reason !== undefined && safetyReasons.has(reason);
}

export function geminiBaseUrl(ctx: ProviderContext): string {
  return (ctx.key.baseUrl || geminiDefaultBaseUrl).replace(/\/+$/, "");
}

/** Sends a request to `<baseUrl>/<path>` with the key header; non-2xx answers become UpstreamErrors, failed connections status 0. */
export async function geminiRequest(
  ctx: ProviderContext,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<Response> {
  let res: Response;
  try {
    res = await ctx.fetch(`${geminiBaseUrl(ctx)}/${path.replace(/^\/+/, "")}`, {
      method,
      headers:
        body === undefined
          ? { "x-goog-api-key": ctx.key.secret }
          : { "x-goog-api-key": ctx.key.secret, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: ctx.signal,
    });
  } catch (err) {
    throw networkFailure(geminiProviderName, err);
  }
  if (!res.ok) throw mapGoogleError(res.status, await res.text().catch(() => ""));
  return res;
}

export async function readGeminiJson<T>(res: Response): Promise<T> {
  try {
    return (await res.json()) as T;
  } catch (err) {
    if (err instanceof Error && err.name === "AbortError") throw networkFailure(geminiProviderName, err);
    throw new UpstreamError({ provider: geminiProviderName, status: 502, message: "answer was not valid JSON" });
  }
}

export type GoogleStatus = {
  code?: number;
  message?: string;
  status?: string;
  details?: { "@type"?: string; reason?: string; retryDelay?: string }[];
};

/** HTTP status implied by a google.rpc status name, for errors that arrive without one (operations, stream events). */
const httpByStatusName: Record<string, number> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  OUT_OF_RANGE: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  RESOURCE_EXHAUSTED: 429,
  CANCELLED: 499,
  INTERNAL: 500,
  UNKNOWN: 500,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
};
/** Numeric google.rpc.Code values, as they appear in an operation's `error.code`. */
const statusNameByRpcCode: Record<number, string> = {
  1: "CANCELLED",
  2: "UNKNOWN",
  3: "INVALID_ARGUMENT",
  4: "DEADLINE_EXCEEDED",
  5: "NOT_FOUND",
  7: "PERMISSION_DENIED",
  8: "RESOURCE_EXHAUSTED",
  9: "FAILED_PRECONDITION",
  11: "OUT_OF_RANGE",
  13: "INTERNAL",
  14: "UNAVAILABLE",
  16: "UNAUTHENTICATED",
};

export function mapGoogleError(httpStatus: number, bodyText: string): UpstreamError {
  let status: GoogleStatus | undefined;
  try {
    status = (JSON.parse(bodyText) as { error?: GoogleStatus }).error;
  } catch {
    status = undefined;
  }
  return upstreamErrorFromStatus(httpStatus, status ?? { message: bodyText.slice(0, 300) || undefined });
}

/**
 * Maps a google.rpc.Status to an UpstreamError. Two key problems arrive disguised and are re-statused so the pool
 * disables the key: an invalid key is documented as 400 INVALID_ARGUMENT with reason API_KEY_INVALID (→ 401), and
 * FAILED_PRECONDITION means the key's project cannot use the API from here (free tier region, billing) (→ 403).
 */
export function upstreamErrorFromStatus(httpStatus: number, status: GoogleStatus): UpstreamError {
  const name = statusName(status);
  const reasons = (status.details ?? []).map((d) => d.reason).filter((r): r is string => typeof r === "string");
  let effective = httpStatus;
  if (reasons.includes("API_KEY_INVALID")) effective = 401;
  else if (name === "FAILED_PRECONDITION") effective = 403;
  const retryDelay = (status.details ?? []).find((d) => typeof d.retryDelay === "string")?.retryDelay;
  return new UpstreamError({
    provider: geminiProviderName,
    status: effective,
    upstreamCode: reasons.includes("API_KEY_INVALID") ? "API_KEY_INVALID" : name,
    message: status.message,
    retryAfterSeconds: retryDelay ? parseDuration(retryDelay) : undefined,
  });
}

/** For a Status with no HTTP answer around it (a finished operation's `error`, an error event in a stream). */
export function upstreamErrorFromRpc(status: GoogleStatus): UpstreamError {
  const name = statusName(status);
  const http =
    (name ? httpByStatusName[name] : undefined) ??
    (status.code !== undefined && status.code >= 400 ? status.code : 500);
  return upstreamErrorFromStatus(http, status);
}

/** HTTP error bodies name the status (`status: "RESOURCE_EXHAUSTED"`, `code: 429`); operation errors carry only the numeric rpc code. */
function statusName(status: GoogleStatus): string | undefined {
  if (status.status) return status.status;
  return status.code !== undefined && status.code < 100 ? statusNameByRpcCode[status.code] : undefined;
}

export function refusal(reason: string, message?: string): UpstreamError {
  return new UpstreamError({
    provider: geminiProviderName,
    status: 200,
    upstreamCode: reason,
    message: message ?? `blocked by Google's safety filters (${reason})`,
    contentRefused: true,
  });
}

/** google.protobuf.Duration as JSON: "22s", "1.5s". */
function parseDuration(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value);
  return match ? Math.ceil(Number(match[1])) : undefined;
}
