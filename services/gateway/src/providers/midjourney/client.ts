// midjourney-proxy's HTTP basics: the configured base URL, the `mj-api-secret` header, and the mapping of its
// submit return codes into UpstreamError.
// API: novicezk/midjourney-proxy (https://github.com/novicezk/midjourney-proxy, SubmitController / TaskController /
// ReturnCode) and the compatible "plus" API as documented by new-api
// (https://github.com/QuantumNous/new-api-docs, docs/api/midjourney-proxy-image.md): POST /mj/submit/imagine,
// POST /mj/submit/action, GET /mj/task/{id}/fetch. Submits answer HTTP 200 with `{ code, description, result }`,
// where code 1 = submitted, 21 = already exists, 22 = queued, and 3/4/9/23/24 are failures.
import { AppError } from "@waule/shared/errors";
import type { ProviderContext } from "../types.ts";
import { networkFailure, UpstreamError } from "../upstream-error.ts";

export const MIDJOURNEY_PROVIDER = "midjourney";

/** Submit codes that mean the proxy accepted the task and `result` is its id. */
export const acceptedCodes = new Set([1, 21, 22]);

/** midjourney-proxy ReturnCode values, as the HTTP status the key pool understands. */
const statusForCode: Record<number, number> = {
  3: 404, // NOT_FOUND: the task an action refers to is unknown or expired
  4: 400, // VALIDATION_ERROR
  9: 500, // FAILURE
  23: 429, // QUEUE_REJECTED: every account's queue is full
  24: 400, // BANNED_PROMPT
};

export async function midjourneyRequest(
  ctx: ProviderContext,
  fallbackBaseUrl: string | undefined,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<unknown> {
  const baseUrl = ctx.key.baseUrl || fallbackBaseUrl;
  if (!baseUrl) throw new AppError("internal_error", "midjourney: no midjourney-proxy base URL is configured");
  let res: Response;
  let text: string;
  try {
    res = await ctx.fetch(`${baseUrl.replace(/\/+$/, "")}${path}`, {
      method,
      headers: { "mj-api-secret": ctx.key.secret, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: ctx.signal,
    });
    text = await res.text();
  } catch (err) {
    throw networkFailure(MIDJOURNEY_PROVIDER, err);
  }
  const json = parseJson(text);
  if (!res.ok) {
    const fields = typeof json === "object" && json !== null ? (json as Record<string, unknown>) : {};
    const message = firstString(fields.description, fields.message, fields.error) ?? (text.slice(0, 300) || undefined);
    const retryAfter = Number(res.headers.get("retry-after"));
    throw new UpstreamError({
      provider: MIDJOURNEY_PROVIDER,
      status: res.status,
      message,
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    });
  }
  return json;
}

/** A submit answer whose code is not an accepted one. */
export function midjourneySubmitError(code: number, description: string | undefined): UpstreamError {
  return new UpstreamError({
    provider: MIDJOURNEY_PROVIDER,
    status: statusForCode[code] ?? 500,
    upstreamCode: String(code),
    message: description || `submit answered code ${code}`,
    contentRefused: code === 24 || undefined,
  });
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function firstString(...values: unknown[]): string | undefined {
  for (const v of values) if (typeof v === "string" && v !== "") return v;
  return undefined;
}
