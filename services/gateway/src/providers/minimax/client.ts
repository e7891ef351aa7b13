// MiniMax's HTTP basics: base URL, Bearer auth, and the mapping of `base_resp` status codes into UpstreamError.
// API docs: https://platform.minimaxi.com/docs/api-reference/video-generation-download (and the video generation
// and query pages beside it), https://platform.minimax.io/docs/api-reference/speech-t2a-http,
// https://platform.minimax.io/docs/api-reference/errorcode.

import { parseJsonObject } from "../json-body.ts";
import type { ProviderContext } from "../types.ts";
import { networkFailure, retryAfterSeconds, UpstreamError } from "../upstream-error.ts";

export const MINIMAX_PROVIDER = "minimax";
/** The mainland endpoint; keys from the international platform use https://api.minimax.io as the key's baseUrl. */
export const MINIMAX_DEFAULT_BASE_URL = "https://api.minimaxi.com";

export type MinimaxBaseResp = { status_code: number; status_msg?: string };

/** Documented `base_resp.status_code` values, as the HTTP status the key pool understands. */
const statusForCode: Record<number, number> = {
  1000: 500, // unknown error
  1001: 504, // request timeout
  1002: 429, // rate limit
  1004: 401, // not authorized
  1008: 402, // insufficient balance
  1024: 500, // internal error
  1033: 500, // system error
  1039: 400, // token limit
  1041: 429, // connection limit
  1042: 400, // too many invisible characters
  2013: 400, // invalid parameters
  2045: 429, // request growth rate limit
  2049: 401, // invalid api key
  2056: 429, // usage limit exceeded
};
/** 1026: input flagged as sensitive; 1027: output flagged as sensitive. */
const refusalCodes = new Set([1026, 1027]);

/**
 * Sends one request and returns the JSON answer. MiniMax reports most failures with HTTP 200 and a non-zero
 * `base_resp.status_code`; unless `allowBaseError` is set (for task queries that carry their own failure), those throw.
 */
export async function minimaxRequest(
  ctx: ProviderContext,
  method: "GET" | "POST",
  path: string,
  options: { query?: Record<string, string>; body?: unknown; allowBaseError?: boolean } = {},
): Promise<Record<string, unknown>> {
  const base = (ctx.key.baseUrl ?? MINIMAX_DEFAULT_BASE_URL).replace(/\/+$/, "");
  const search = options.query ? `?${new URLSearchParams(options.query)}` : "";
  let res: Response;
  let text: string;
  try {
    res = await ctx.fetch(`${base}${path}${search}`, {
      method,
      headers: { Authorization: `Bearer ${ctx.key.secret}`, "Content-Type": "application/json" },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: ctx.signal,
    });
    text = await res.text();
  } catch (err) {
    throw networkFailure(MINIMAX_PROVIDER, err);
  }
  const json = parseJsonObject(text);
  const baseResp = json ? readBaseResp(json) : undefined;
  if (!res.ok) {
    if (baseResp && baseResp.status_code !== 0) throw minimaxError(baseResp);
    throw new UpstreamError({
      provider: MINIMAX_PROVIDER,
      status: res.status,
      message: `answered ${res.status}`,
      retryAfterSeconds: retryAfterSeconds(res.headers.get("retry-after")),
    });
  }
  if (!json)
    throw new UpstreamError({ provider: MINIMAX_PROVIDER, status: 502, message: "answer was not a JSON object" });
  if (baseResp && baseResp.status_code !== 0 && !options.allowBaseError) throw minimaxError(baseResp);
  return json;
}

export function minimaxError(baseResp: MinimaxBaseResp): UpstreamError {
  const code = baseResp.status_code;
  const refused = refusalCodes.has(code);
  const status = refused ? 400 : (statusForCode[code] ?? (code >= 2000 ? 400 : 500));
  return new UpstreamError({
    provider: MINIMAX_PROVIDER,
    status,
    upstreamCode: String(code),
    message: baseResp.status_msg || `status_code ${code}`,
    contentRefused: refused || undefined,
  });
}

export function readBaseResp(json: Record<string, unknown>): MinimaxBaseResp | undefined {
  const b = json.base_resp;
  if (typeof b !== "object" || b === null) return undefined;
  const { status_code, status_msg } = b as Record<string, unknown>;
  if (typeof status_code !== "number") return undefined;
  return { status_code, status_msg: typeof status_msg === "string" ? status_msg : undefined };
}
