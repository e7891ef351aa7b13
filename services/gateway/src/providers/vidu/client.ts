// Vidu's HTTP basics: base URL, `Token` auth, and the mapping of its documented error codes into UpstreamError.
// API docs: https://platform.vidu.com/docs/text-to-video (also image-to-video, start-end-to-video),
// https://platform.vidu.com/docs/get-generation (task query), https://platform.vidu.com/docs/error-code.
import type { ErrorCode } from "@waule/shared/errors";
import type { ProviderContext } from "../types.ts";
import { networkFailure, retryAfterSeconds, UpstreamError } from "../upstream-error.ts";

export const VIDU_PROVIDER = "vidu";
export const VIDU_DEFAULT_BASE_URL = "https://api.vidu.com";

/** Error codes Vidu documents for a safety refusal of the input or of the generated video. */
const refusalCodes = new Set(["AuditSubmitIllegal", "TaskPromptPolicyViolation", "CreationPolicyViolation"]);
/** Codes that mean this account ran out of credits or concurrency: another key may still work. */
const quotaCodes = new Set(["CreditInsufficient", "QuotaExceeded"]);
/** Codes that blame the request itself; retrying elsewhere will not help. */
const badRequestCodes = new Set([
  "BadRequest",
  "FieldLacking",
  "FieldUnwanted",
  "FieldItemCountOutOfRange",
  "FieldInvalid",
  "PageSizeOutOfRange",
  "ImageDownloadFailure",
  "ImageFormatInvalid",
  "ImageCheckBodyJointsFailed",
  "ImageCheckFaceFailed",
  "ImageObjectsUndetected",
  "UserCancelled",
]);

export async function viduRequest(
  ctx: ProviderContext,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<unknown> {
  const base = (ctx.key.baseUrl ?? VIDU_DEFAULT_BASE_URL).replace(/\/+$/, "");
  let res: Response;
  let text: string;
  try {
    res = await ctx.fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Token ${ctx.key.secret}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: ctx.signal,
    });
    text = await res.text();
  } catch (err) {
    throw networkFailure(VIDU_PROVIDER, err);
  }
  const json = parseJson(text);
  if (!res.ok) throw viduHttpError(res.status, json, retryAfterSeconds(res.headers.get("retry-after")));
  if (json === undefined)
    throw new UpstreamError({ provider: VIDU_PROVIDER, status: 502, message: "answer was not JSON" });
  return json;
}

/** Vidu answers errors as `{ code|reason, message }` with an HTTP status; the string code decides the class. */
export function viduHttpError(status: number, body: unknown, retryAfterSeconds?: number): UpstreamError {
  const fields = isRecord(body) ? body : {};
  const upstreamCode = firstString(fields.reason, fields.code, fields.err_code);
  const message = firstString(fields.message, fields.detail, fields.error, upstreamCode);
  const refused = upstreamCode !== undefined && refusalCodes.has(upstreamCode);
  // Vidu sends "insufficient credits" as a 400; 402 makes it a quota failure the key pool can act on.
  const mappedStatus = upstreamCode !== undefined && upstreamCode === "CreditInsufficient" ? 402 : status;
  return new UpstreamError({
    provider: VIDU_PROVIDER,
    status: mappedStatus,
    upstreamCode,
    message,
    contentRefused: refused || undefined,
    retryAfterSeconds,
  });
}

/** The platform error code for a task that Vidu reports as `failed` with `err_code`. */
export function viduTaskFailureCode(errCode: string): ErrorCode {
  if (refusalCodes.has(errCode)) return "content_refused";
  if (quotaCodes.has(errCode)) return "upstream_quota";
  if (badRequestCodes.has(errCode)) return "upstream_bad_request";
  return "upstream_unavailable";
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function firstString(...values: unknown[]): string | undefined {
  for (const v of values) if (typeof v === "string" && v.length > 0) return v;
  return undefined;
}
