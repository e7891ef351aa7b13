// HTTP basics shared by every OpenAI-compatible upstream: base URL, bearer auth, and the mapping of OpenAI error bodies.
//
// Docs followed:
//   https://platform.openai.com/docs/api-reference/chat/create           (POST /v1/chat/completions, streaming chunks, `data: [DONE]`)
//   https://platform.openai.com/docs/api-reference/images/create         (POST /v1/images/generations, b64_json | url)
//   https://platform.openai.com/docs/api-reference/audio/createSpeech    (POST /v1/audio/speech, binary audio answer)
//   https://platform.openai.com/docs/guides/error-codes                  (401 invalid key, 429 rate limit vs insufficient_quota, 5xx)
//   https://platform.openai.com/docs/guides/images (content_policy_violation / moderation_blocked refusals)
//
// Base URL convention: the base URL INCLUDES the API version (e.g. https://api.openai.com/v1,
// https://api.deepseek.com/v1, https://dashscope.aliyuncs.com/compatible-mode/v1) and adapters append
// /chat/completions, /images/generations, /audio/speech. This is how every compatible vendor documents its base URL.

import type { ProviderContext } from "../types.ts";
import { networkFailure, retryAfterSeconds, UpstreamError } from "../upstream-error.ts";

export type OpenAIEndpoint = { provider: string; defaultBaseUrl: string };

/** Error codes/types that mean the provider's safety system refused the content (OpenAI images, DashScope compatible mode). */
const refusalCodes = new Set([
  "content_policy_violation",
  "moderation_blocked",
  "data_inspection_failed",
  "content_filter",
]);

export function baseUrlFor(endpoint: OpenAIEndpoint, ctx: ProviderContext): string {
  return (ctx.key.baseUrl || endpoint.defaultBaseUrl).replace(/\/+$/, "");
}

/**
 * POSTs JSON to `<baseUrl><path>` with the key as a bearer token and returns the 2xx response.
 * Any other answer becomes an UpstreamError; a failed connection becomes status 0.
 */
export async function postOpenAI(
  endpoint: OpenAIEndpoint,
  ctx: ProviderContext,
  path: string,
  body: unknown,
): Promise<Response> {
  let res: Response;
  try {
    res = await ctx.fetch(`${baseUrlFor(endpoint, ctx)}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${ctx.key.secret}`, "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: ctx.signal,
    });
  } catch (err) {
    throw networkFailure(endpoint.provider, err);
  }
  if (!res.ok) throw await openAIErrorFrom(endpoint.provider, res);
  return res;
}

/** Reads a JSON body, treating an unreadable one as an upstream fault rather than a crash. */
export async function readOpenAIJson<T>(provider: string, res: Response): Promise<T> {
  try {
    return (await res.json()) as T;
  } catch (err) {
    if (err instanceof Error && err.name === "AbortError") throw networkFailure(provider, err);
    throw new UpstreamError({ provider, status: 502, message: "answer was not valid JSON" });
  }
}

export async function openAIErrorFrom(provider: string, res: Response): Promise<UpstreamError> {
  const text = await res.text().catch(() => "");
  return mapOpenAIError(provider, res.status, text, res.headers.get("retry-after"));
}

type OpenAIErrorBody = { error?: { message?: unknown; type?: unknown; code?: unknown } | string; message?: unknown };

/**
 * Maps an OpenAI-style error (`{ error: { message, type, code } }`) to an UpstreamError.
 * 429 `insufficient_quota` keeps status 429 but carries upstreamCode "insufficient_quota": the key has no money
 * left, which the key pool should treat as longer-lived than a rate limit (a cooldown will not fix it).
 */
export function mapOpenAIError(
  provider: string,
  status: number,
  bodyText: string,
  retryAfter?: string | null,
): UpstreamError {
  const parsed = parseErrorBody(bodyText);
  const err = typeof parsed?.error === "object" && parsed.error !== null ? parsed.error : undefined;
  const code = stringOr(err?.code) ?? stringOr(err?.type);
  const type = stringOr(err?.type);
  const message =
    stringOr(err?.message) ??
    (typeof parsed?.error === "string" ? parsed.error : undefined) ??
    stringOr(parsed?.message) ??
    (bodyText.slice(0, 300) || undefined);
  const contentRefused = [code, type].some((c) => c !== undefined && refusalCodes.has(c));
  return new UpstreamError({
    provider,
    status,
    upstreamCode: code,
    message,
    contentRefused: contentRefused || undefined,
    retryAfterSeconds: retryAfterSeconds(retryAfter),
  });
}

/** Errors that arrive inside a 200 answer: an SSE event `data: {"error": {...}}`, or a proxy's JSON body. */
export function embeddedErrorFrom(provider: string, payload: { error?: unknown }): UpstreamError {
  const err = payload.error as { code?: unknown; type?: unknown } | undefined;
  return mapOpenAIError(provider, impliedStatus(stringOr(err?.code), stringOr(err?.type)), JSON.stringify(payload));
}

/** No HTTP status came with the error, so infer the one OpenAI documents for its code or type. */
function impliedStatus(code: string | undefined, type: string | undefined): number {
  const numeric = Number(code);
  if (Number.isInteger(numeric) && numeric >= 400 && numeric < 600) return numeric;
  const names = [code, type];
  if (names.some((n) => n === "rate_limit_exceeded" || n === "insufficient_quota")) return 429;
  if (names.some((n) => n === "invalid_api_key" || n === "invalid_authentication")) return 401;
  if (names.some((n) => n !== undefined && (refusalCodes.has(n) || n === "invalid_request_error"))) return 400;
  return 500;
}

function parseErrorBody(text: string): OpenAIErrorBody | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as OpenAIErrorBody) : undefined;
  } catch {
    return undefined;
  }
}

function stringOr(value: unknown): string | undefined {
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}
