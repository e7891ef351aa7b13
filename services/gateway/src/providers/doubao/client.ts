// Volcengine Ark (Doubao) HTTP basics: base URL, bearer auth, and the mapping of Ark error bodies into UpstreamError.
//
// Docs followed:
// - Ark error codes: https://www.volcengine.com/docs/82379/1299023 — body `{ error: { code, message, param, type } }`
// - Images (Seedream): https://www.volcengine.com/docs/82379/1541523 — POST /images/generations
// - Video tasks (Seedance): https://www.volcengine.com/docs/82379/1520757 (create), GET /contents/generations/tasks/{id}
// - Chat: https://www.volcengine.com/docs/82379/1494384 — POST /chat/completions (OpenAI-compatible)

import type { ProviderContext } from "../types";
import { networkFailure, retryAfterSeconds, UpstreamError, type UpstreamFailure } from "../upstream-error";

export const DOUBAO_PROVIDER = "doubao";
export const DOUBAO_BASE_URL = "https://ark.cn-beijing.volces.com/api/v3";

export function arkBaseUrl(ctx: ProviderContext): string {
  return (ctx.key.baseUrl || DOUBAO_BASE_URL).replace(/\/+$/, "");
}

export function arkHeaders(ctx: ProviderContext): Record<string, string> {
  return { Authorization: `Bearer ${ctx.key.secret}`, "Content-Type": "application/json" };
}

/** One JSON call to Ark; any non-2xx answer or network failure becomes an UpstreamError. */
export async function arkRequest<T>(
  ctx: ProviderContext,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await arkFetch(ctx, method, path, body);
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new UpstreamError({ provider: DOUBAO_PROVIDER, status: 502, message: `unreadable answer from ${path}` });
  }
}

/** The raw response of a successful call (used for SSE streams); failures are already mapped. */
export async function arkFetch(
  ctx: ProviderContext,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<Response> {
  let response: Response;
  try {
    response = await ctx.fetch(`${arkBaseUrl(ctx)}${path}`, {
      method,
      headers: method === "GET" ? { Authorization: `Bearer ${ctx.key.secret}` } : arkHeaders(ctx),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: ctx.signal,
    });
  } catch (err) {
    throw networkFailure(DOUBAO_PROVIDER, err);
  }
  if (!response.ok) throw await arkErrorFrom(response);
  return response;
}

export async function arkErrorFrom(response: Response): Promise<UpstreamError> {
  const text = await response.text().catch(() => "");
  let code: string | undefined;
  let message: string | undefined;
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof parsed.error?.code === "string") code = parsed.error.code;
    if (typeof parsed.error?.message === "string") message = parsed.error.message;
  } catch {
    message = text.slice(0, 200) || undefined;
  }
  return new UpstreamError({
    ...arkFailure(response.status, code, message),
    retryAfterSeconds: retryAfterSeconds(response.headers.get("retry-after")),
  });
}

/**
 * Ark's code says more than its HTTP status: refusals come as 400 with a *SensitiveContentDetected code,
 * an overdue account as 403 AccountOverdueError. The status we record drives the key pool
 * (429 cool down, 401/403 disable), so rate and quota codes are pinned to 429 and arrears to 402.
 */
export function arkFailure(httpStatus: number, code: string | undefined, message: string | undefined): UpstreamFailure {
  const base: UpstreamFailure = {
    provider: DOUBAO_PROVIDER,
    status: httpStatus,
    upstreamCode: code,
    message: describe(code, message),
  };
  if (!code) return base;
  if (code.includes("SensitiveContentDetected")) return { ...base, contentRefused: true };
  if (code === "AuthenticationError") return { ...base, status: 401 };
  if (code === "AccountOverdueError") return { ...base, status: 402 };
  if (/^(RateLimitExceeded|QuotaExceeded|ModelAccount(Rpm|Tpm)RateLimitExceeded|SetLimitExceeded)/.test(code)) {
    return { ...base, status: 429 };
  }
  return base;
}

/** A failure that a finished task reports in its body rather than as an HTTP status. */
export function arkTaskFailure(code: string | undefined, message: string | undefined): UpstreamFailure {
  const failure = arkFailure(500, code, message);
  // Task errors other than the known classes are the request's fault (bad image, bad parameter) when Ark says so.
  if (failure.status === 500 && code && /^(InvalidParameter|MissingParameter|InvalidArgument)/.test(code)) {
    return { ...failure, status: 400 };
  }
  return failure;
}

function describe(code: string | undefined, message: string | undefined): string | undefined {
  if (code && message) return `${code}: ${message}`;
  return message ?? code;
}
