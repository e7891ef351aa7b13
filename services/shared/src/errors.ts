// The one error type both services throw and the one JSON shape they answer with.
import type { ContentfulStatusCode } from "hono/utils/http-status";

export const errorCodes = {
  invalid_request: 400,
  unauthorized: 401,
  insufficient_credits: 402,
  key_quota_exceeded: 402,
  spending_cap_exceeded: 402,
  forbidden: 403,
  key_expired: 403,
  ip_not_allowed: 403,
  model_not_allowed: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
  upstream_bad_request: 400,
  content_refused: 422,
  upstream_quota: 503,
  upstream_unavailable: 502,
  upstream_timeout: 504,
  gateway_unavailable: 502,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  readonly status: ContentfulStatusCode;
  /** Sent as Retry-After by the error handler when set (a lockout, an outage of a shared part). */
  readonly retryAfterSeconds?: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "AppError";
    this.status = errorCodes[code];
  }

  toJSON(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

/** A part the service depends on (Redis) is down for a moment: 503 with Retry-After; nothing was written. */
export class UnavailableError extends AppError {
  constructor(
    message: string,
    override readonly retryAfterSeconds: number,
  ) {
    super("service_unavailable", message);
    this.name = "UnavailableError";
  }
}

export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === "string" && code in errorCodes;
}
