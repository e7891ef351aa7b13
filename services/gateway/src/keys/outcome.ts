// What one call's result says about the key that made it: healthy, cool it down, count a strike, or disable it.
import { UpstreamError } from "../providers/upstream-error";

export type KeyOutcome = { ok: true } | { ok: false; error: unknown };

export type KeyVerdict =
  /** The key worked (or the failure was the request's fault, e.g. a 400): reset its strike count. */
  | { kind: "healthy" }
  /** Rate limited: rest it for `ms`, then use it again. */
  | { kind: "cooldown"; ms: number; message: string }
  /** The upstream rejected the key itself, or its account is out of money. */
  | { kind: "disable"; message: string }
  /** Upstream down or timed out: a short rest and one step toward disabling. */
  | { kind: "strike"; message: string }
  /** Not an upstream answer (a bug on our side): says nothing about the key. */
  | { kind: "neutral" };

export type VerdictConfig = { rateLimitCooldownMs: number };

/**
 * The key's upstream account has no money left: a 402, or OpenAI's 429 `insufficient_quota`. Waiting does not
 * fix that (only a top-up does), so the key is disabled with the reason instead of being retried every cooldown.
 */
export function isExhaustedAccount(error: UpstreamError): boolean {
  const { status, upstreamCode } = error.failure;
  return status === 402 || (status === 429 && upstreamCode === "insufficient_quota");
}

export function verdictFor(outcome: KeyOutcome, config: VerdictConfig): KeyVerdict {
  if (outcome.ok) return { kind: "healthy" };
  const error = outcome.error;
  if (error instanceof UpstreamError) {
    const { status, retryAfterSeconds } = error.failure;
    const message = `${status || "no answer"}: ${error.message}`.slice(0, 500);
    if (isExhaustedAccount(error)) return { kind: "disable", message };
    if (status === 429) {
      const ms = retryAfterSeconds && retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : config.rateLimitCooldownMs;
      return { kind: "cooldown", ms, message };
    }
    if (status === 401 || status === 403) return { kind: "disable", message };
    if (status === 0 || status === 408 || status >= 500) return { kind: "strike", message };
    return { kind: "healthy" };
  }
  if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return { kind: "strike", message: `timeout: ${error.message}`.slice(0, 500) };
  }
  return { kind: "neutral" };
}

/** Whether the next key (or a fallback model) may succeed where this key failed. */
export function worthRetrying(verdict: KeyVerdict): boolean {
  return verdict.kind === "cooldown" || verdict.kind === "disable" || verdict.kind === "strike";
}
