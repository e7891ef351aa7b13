// Runs one upstream call with the pool's keys in turn, so a failing key costs the caller nothing.
import { AppError } from "@waule/shared/errors";
import { UpstreamError } from "../providers/upstream-error";
import { worthRetrying } from "./outcome";
import type { KeyPool, PickedKey } from "./pool";

export type FailoverOptions<T> = {
  /** Another model or provider to try once every key of this one failed retryably. */
  fallback?: () => Promise<T>;
  /** Upper bound on keys tried for one request (default 5), so a big pool can't stretch a request forever. */
  maxAttempts?: number;
  /** Offer keys that are resting too; for a stand-in model on the provider whose keys just failed another model. */
  includeCoolingDown?: boolean;
  /**
   * false for calls that create something upstream (a video or Midjourney job): a timeout or a dropped
   * connection leaves it unknown whether the job exists, and trying the next key (or the fallback) could start
   * a second, separately billed one. Such calls move on only after a definite refusal (429, 401, 403, 402, a
   * refused connection); anything else ends the call, an unanswered one as upstream_timeout. Default true.
   */
  idempotent?: boolean;
};

/** The upstream certainly did not act on the call: it refused the key or never received the request. */
function definitelyRefused(error: unknown): boolean {
  if (!(error instanceof UpstreamError)) return false;
  const { status, notSent } = error.failure;
  return status === 429 || status === 401 || status === 403 || status === 402 || notSent === true;
}

/** A non-idempotent call's failure that may hide an accepted job, as the error the caller sees. */
function ambiguousFailure(provider: string, error: unknown): unknown {
  if (error instanceof AppError) return error;
  return new AppError(
    "upstream_timeout",
    `${provider}: no definite answer to a submit that may have created a job upstream; not retried on another key`,
  );
}

export async function withKeyFailover<T>(
  pool: KeyPool,
  provider: string,
  call: (key: PickedKey) => Promise<T>,
  options: FailoverOptions<T> = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 5;
  const tried: string[] = [];
  let lastError: unknown;
  while (tried.length < maxAttempts) {
    const key = await pool.pick(provider, tried, { includeCoolingDown: options.includeCoolingDown });
    if (!key) break;
    tried.push(key.id);
    try {
      const result = await call(key);
      await pool.report(key.id, { ok: true });
      return result;
    } catch (error) {
      const verdict = await pool.report(key.id, { ok: false, error });
      // The request's own fault (bad input, refused content) would fail the same way with any key.
      if (!worthRetrying(verdict)) throw error;
      if (options.idempotent === false && !definitelyRefused(error)) throw ambiguousFailure(provider, error);
      lastError = error;
    }
  }
  if (options.fallback) return options.fallback();
  if (lastError instanceof AppError) throw lastError;
  if (lastError !== undefined) throw new AppError("upstream_unavailable", `${provider}: every key failed`);
  throw new AppError("upstream_unavailable", `${provider}: no enabled provider key is available`);
}
