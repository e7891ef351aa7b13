// Shows an API error in the user's language where the code is known, with the server's own message beside it.
import { Show } from "solid-js";
import type { ErrorCode } from "@waule/shared/errors";
import { ApiError, type ClientErrorCode } from "../api/api-error";
import { t } from "../i18n/i18n";
import type { MessageKey } from "../i18n/zh-CN";

// Every code the server or this client can produce has a text: a code added to ErrorCode fails the typecheck here.
const knownCodes: Record<ErrorCode | ClientErrorCode, MessageKey> = {
  invalid_request: "error.invalid_request",
  unauthorized: "error.unauthorized",
  insufficient_credits: "error.insufficient_credits",
  forbidden: "error.forbidden",
  not_found: "error.not_found",
  conflict: "error.conflict",
  payload_too_large: "error.payload_too_large",
  rate_limited: "error.rate_limited",
  internal_error: "error.internal",
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

const isKnownCode = (code: string): code is keyof typeof knownCodes => Object.hasOwn(knownCodes, code);

export function describeError(error: unknown): { title: string; detail: string | null; code: string } {
  if (error instanceof ApiError) {
    return isKnownCode(error.code)
      ? { title: t(knownCodes[error.code]), detail: error.message, code: error.code }
      : { title: error.message, detail: null, code: error.code };
  }
  return { title: error instanceof Error ? error.message : String(error), detail: null, code: "client_error" };
}

export function ErrorMessage(props: { error: unknown }) {
  return (
    <Show when={props.error}>
      {(error) => {
        const described = () => describeError(error());
        return (
          <div class="error" role="alert" data-code={described().code}>
            <strong>{described().title}</strong>
            <Show when={described().detail}>
              <span class="error-detail">{described().detail} ({described().code})</span>
            </Show>
          </div>
        );
      }}
    </Show>
  );
}
