// Which message each error code shows: every code the server (ErrorCode) or this client can produce has one, checked by the typecheck.
import type { ErrorCode } from "@waule/shared/errors";
import type { ClientErrorCode } from "../api/api-error";
import type { MessageKey } from "../i18n/zh-CN";

export const errorMessageKeys: Record<ErrorCode | ClientErrorCode, MessageKey> = {
  invalid_request: "error.invalid_request",
  unauthorized: "error.unauthorized",
  insufficient_credits: "error.insufficient_credits",
  key_quota_exceeded: "error.key_quota_exceeded",
  spending_cap_exceeded: "error.spending_cap_exceeded",
  key_expired: "error.key_expired",
  ip_not_allowed: "error.ip_not_allowed",
  model_not_allowed: "error.model_not_allowed",
  forbidden: "error.forbidden",
  not_found: "error.not_found",
  conflict: "error.conflict",
  payload_too_large: "error.payload_too_large",
  unsupported_media_type: "error.unsupported_media_type",
  rate_limited: "error.rate_limited",
  internal_error: "error.internal",
  service_unavailable: "error.service_unavailable",
  upstream_bad_request: "error.invalid_request",
  content_refused: "error.content_refused",
  upstream_quota: "error.upstream_quota",
  upstream_unavailable: "error.upstream",
  upstream_timeout: "error.upstream_timeout",
  gateway_unavailable: "error.upstream",
  network_error: "error.network",
  unexpected_response: "error.unexpected",
  stream_interrupted: "error.stream_interrupted",
  http_error: "error.http",
};

/** The message key for a code, or undefined for one this app does not know (its server message is shown as is). */
export function errorMessageKey(code: string): MessageKey | undefined {
  return Object.hasOwn(errorMessageKeys, code) ? errorMessageKeys[code as keyof typeof errorMessageKeys] : undefined;
}
