// Alibaba DashScope (Wanx, Qwen-TTS) HTTP basics: base URL, bearer auth, async task submit/fetch, and error mapping.
//
// Docs followed:
// - Status codes: https://help.aliyun.com/zh/model-studio/developer-reference/error-code — body `{ code, message, request_id }`
// - Async tasks: https://www.alibabacloud.com/help/en/model-studio/manage-asynchronous-tasks — GET /api/v1/tasks/{task_id},
//   task_status PENDING | RUNNING | SUCCEEDED | FAILED | CANCELED | UNKNOWN
// - Text-to-image V2: https://www.alibabacloud.com/help/en/model-studio/text-to-image-v2-api-reference
// - Image editing: https://www.alibabacloud.com/help/en/model-studio/wanx-image-edit, …/wan-image-edit-2-5
// - Video: https://help.aliyun.com/zh/model-studio/developer-reference/text-to-video-api-reference (+ image-to-video, first/last frame)
// - Qwen-TTS: https://www.alibabacloud.com/help/en/model-studio/qwen-tts-api

import type { ProviderContext } from "../types";
import { networkFailure, retryAfterSeconds, UpstreamError, type UpstreamFailure } from "../upstream-error";

export const WANX_PROVIDER = "wanx";
export const WANX_BASE_URL = "https://dashscope.aliyuncs.com/api/v1";

export type DashScopeTaskStatus = "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELED" | "UNKNOWN";
export type DashScopeTaskOutput = {
  task_id?: string;
  task_status?: DashScopeTaskStatus;
  results?: { url?: string; code?: string; message?: string; actual_prompt?: string }[];
  video_url?: string;
  code?: string;
  message?: string;
};
export type DashScopeAnswer<O> = { request_id?: string; output?: O; code?: string; message?: string };

export function dashscopeBaseUrl(ctx: ProviderContext): string {
  return (ctx.key.baseUrl || WANX_BASE_URL).replace(/\/+$/, "");
}

/**
 * One JSON call to DashScope. `async: true` adds `X-DashScope-Async: enable`, which the image and video
 * endpoints require over HTTP (they only create a task and answer its id).
 */
export async function dashscopeRequest<T>(
  ctx: ProviderContext,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
  options: { async?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { Authorization: `Bearer ${ctx.key.secret}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (options.async) headers["X-DashScope-Async"] = "enable";
  let response: Response;
  try {
    response = await ctx.fetch(`${dashscopeBaseUrl(ctx)}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: ctx.signal,
    });
  } catch (err) {
    throw networkFailure(WANX_PROVIDER, err);
  }
  const text = await response.text().catch(() => "");
  let parsed: DashScopeAnswer<unknown> | undefined;
  try {
    parsed = JSON.parse(text) as DashScopeAnswer<unknown>;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    throw new UpstreamError({
      ...dashscopeFailure(response.status, parsed?.code, parsed?.message ?? (text.slice(0, 200) || undefined)),
      retryAfterSeconds: retryAfterSeconds(response.headers.get("retry-after")),
    });
  }
  if (!parsed)
    throw new UpstreamError({ provider: WANX_PROVIDER, status: 502, message: `unreadable answer from ${path}` });
  return parsed as T;
}

/** Creates an async task and answers its id. */
export async function submitDashScopeTask(ctx: ProviderContext, path: string, body: unknown): Promise<string> {
  const answer = await dashscopeRequest<DashScopeAnswer<DashScopeTaskOutput>>(ctx, "POST", path, body, { async: true });
  const id = answer.output?.task_id;
  if (!id) throw new UpstreamError({ provider: WANX_PROVIDER, status: 502, message: "task answer had no task_id" });
  return id;
}

export async function fetchDashScopeTask(ctx: ProviderContext, taskId: string): Promise<DashScopeTaskOutput> {
  const answer = await dashscopeRequest<DashScopeAnswer<DashScopeTaskOutput>>(
    ctx,
    "GET",
    `/tasks/${encodeURIComponent(taskId)}`,
  );
  return answer.output ?? {};
}

/**
 * DashScope's code says more than its status: a refusal is 400 DataInspectionFailed, arrears are
 * 400 Arrearage. The status we record drives the key pool, so throttling is pinned to 429, a bad key
 * to 401 and arrears to 402 (quota).
 */
export function dashscopeFailure(
  httpStatus: number,
  code: string | undefined,
  message: string | undefined,
): UpstreamFailure {
  const base: UpstreamFailure = {
    provider: WANX_PROVIDER,
    status: httpStatus,
    upstreamCode: code,
    message: code && message ? `${code}: ${message}` : (message ?? code),
  };
  if (!code) return base;
  if (code === "DataInspectionFailed" || code === "data_inspection_failed" || code === "IPInfringementSuspect") {
    return { ...base, contentRefused: true };
  }
  if (code === "InvalidApiKey") return { ...base, status: 401 };
  if (code.startsWith("Throttling")) return { ...base, status: 429 };
  if (code === "Arrearage") return { ...base, status: 402 };
  return base;
}

/** A failure a finished task reports in its output rather than as an HTTP status. */
export function dashscopeTaskFailure(code: string | undefined, message: string | undefined): UpstreamFailure {
  // The task endpoint answered 200; pick the status the same code would have had on a direct call.
  const guessed = code && /^(InvalidParameter|BadRequest|InvalidURL|InvalidFile)/.test(code) ? 400 : 500;
  return dashscopeFailure(guessed, code, message ?? "task failed");
}
