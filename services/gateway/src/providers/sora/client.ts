// sora2api's HTTP basics: the configured base URL, Bearer auth, and the mapping of its error bodies into UpstreamError.
// sora2api (https://github.com/TheSmallHanCat/sora2api) is an external service we cannot change. Its docs
// (README) describe an OpenAI-compatible POST /v1/chat/completions that must stream and only puts the video URL in
// the last chunk; its code (src/api/sora_routes.py) also serves POST /v1/videos -> { id, status, progress } and
// GET /v1/videos/{id} -> { status: processing|completed|succeeded|failed, progress, video_url|url, error }.
// We use the /v1/videos pair: its task id survives a gateway restart, while a streamed chat completion would hold
// one connection open for minutes and lose the video if either side restarts.
// Errors: FastAPI `{ detail }` for 400/401, `{ error: { message, type } }` for 404/500.
import { AppError } from "@waule/shared/errors";
import { parseJsonObject } from "../json-body.ts";
import type { ProviderContext } from "../types.ts";
import { networkFailure, retryAfterSeconds, UpstreamError } from "../upstream-error.ts";

export const SORA_PROVIDER = "sora";

/** Sora's moderation answers in prose; these phrases are what its refusals say. */
const refusalPattern = /content polic|violat|guardrail|moderation|inappropriate|sensitive/i;

export function isSoraRefusal(message: string): boolean {
  return refusalPattern.test(message);
}

export async function soraRequest(
  ctx: ProviderContext,
  fallbackBaseUrl: string | undefined,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const baseUrl = ctx.key.baseUrl || fallbackBaseUrl;
  if (!baseUrl) throw new AppError("internal_error", "sora: no sora2api base URL is configured");
  let res: Response;
  let text: string;
  try {
    res = await ctx.fetch(`${baseUrl.replace(/\/+$/, "")}${path}`, {
      method,
      headers: { Authorization: `Bearer ${ctx.key.secret}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: ctx.signal,
    });
    text = await res.text();
  } catch (err) {
    throw networkFailure(SORA_PROVIDER, err);
  }
  const json = parseJsonObject(text);
  if (!res.ok) throw soraHttpError(res.status, json, text, res.headers.get("retry-after"));
  if (!json) throw new UpstreamError({ provider: SORA_PROVIDER, status: 502, message: "answer was not a JSON object" });
  return json;
}

export function soraHttpError(
  status: number,
  json: Record<string, unknown> | undefined,
  text: string,
  retryAfter?: string | null,
): UpstreamError {
  const error = json?.error;
  const errorFields = typeof error === "object" && error !== null ? (error as Record<string, unknown>) : {};
  const message =
    stringOr(errorFields.message) ??
    stringOr(json?.detail) ??
    (typeof error === "string" ? error : undefined) ??
    (text.slice(0, 300) || undefined);
  return new UpstreamError({
    provider: SORA_PROVIDER,
    status,
    upstreamCode: stringOr(errorFields.type),
    message,
    contentRefused: (message !== undefined && status < 500 && isSoraRefusal(message)) || undefined,
    retryAfterSeconds: retryAfterSeconds(retryAfter),
  });
}

function stringOr(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
