// Maps an upstream HTTP failure to the platform's error codes, so the server can tell a refusal from an outage.
import { AppError, type ErrorCode } from "@waule/shared/errors";

export type UpstreamFailure = {
  provider: string;
  status: number;
  /** The upstream's own error code or type, when its body has one. */
  upstreamCode?: string;
  message?: string;
  /** True when the provider says the content was refused by its safety system. */
  contentRefused?: boolean;
  retryAfterSeconds?: number;
  /** The connection was refused before any request byte left: the upstream cannot have acted on the call. */
  notSent?: boolean;
};

/**
 * The error a provider adapter throws for a failed upstream call. `status` and `retryAfterSeconds`
 * let the key pool decide: 429 → cool the key down, 401/403 and an exhausted account (402, 429 insufficient_quota)
 * → disable it, 5xx/timeout → count toward disabling.
 */
export class UpstreamError extends AppError {
  constructor(readonly failure: UpstreamFailure) {
    super(codeFor(failure), `${failure.provider}: ${failure.message ?? `upstream answered ${failure.status}`}`, {
      provider: failure.provider,
      upstreamStatus: failure.status,
      upstreamCode: failure.upstreamCode,
    });
  }

  /** Whether another key (or a fallback model) might succeed where this one failed. */
  get retryable(): boolean {
    const s = this.failure.status;
    return s === 429 || s === 402 || s === 401 || s === 403 || s >= 500 || s === 0;
  }
}

function codeFor(f: UpstreamFailure): ErrorCode {
  if (f.contentRefused) return "content_refused";
  if (f.status === 0) return "upstream_timeout";
  if (f.status === 408 || f.status === 504) return "upstream_timeout";
  if (f.status === 429 || f.status === 402) return "upstream_quota";
  if (f.status === 401 || f.status === 403) return "upstream_unavailable";
  if (f.status >= 500) return "upstream_unavailable";
  return "upstream_bad_request";
}

/** For network errors and aborts: status 0 means no HTTP answer arrived. */
export function networkFailure(provider: string, err: unknown): UpstreamError {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown } | null)?.code;
  const notSent = code === "ECONNREFUSED" || code === "ConnectionRefused";
  return new UpstreamError({
    provider,
    status: 0,
    message: `network error: ${message}`,
    ...(notSent ? { notSent } : {}),
  });
}

/** Retry-After as the delta-seconds providers send; a missing, malformed or zero value means no advice (undefined). */
export function retryAfterSeconds(value: string | null | undefined): number | undefined {
  const seconds = Number(value);
  return value && Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}
