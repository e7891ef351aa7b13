// Delivers one signed webhook with retries and exponential backoff, recording every attempt through a port.

import type { BalanceLowPayload } from "@waule/shared/balance-alerts";
import type { Clock } from "@waule/shared/clock";
import type { WebhookPayload } from "@waule/shared/tasks";
import { WEBHOOK_SIGNATURE_HEADER, webhookSignature } from "./signature";

/** One POST to a tenant's URL, as the integrator stores it (one row per attempt). */
export type DeliveryAttempt = {
  /** The payload's `id`: the same across every attempt of one delivery. */
  deliveryId: string;
  taskId: string;
  url: string;
  /** 1-based. */
  attempt: number;
  startedAt: number;
  durationMs: number;
  /** Null when no HTTP answer arrived (network error, timeout). */
  statusCode: number | null;
  error: string | null;
  succeeded: boolean;
  /** When the next attempt is due, or null if this was the last one (success or given up). */
  nextAttemptAt: number | null;
};

export interface DeliveryAttemptPort {
  record(attempt: DeliveryAttempt): Promise<void>;
}

export type RetryPolicy = {
  maxAttempts: number;
  /** Delay before attempt 2; each later delay is `factor` times the previous, capped at maxDelayMs. */
  baseDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** Per attempt: a receiver that hangs counts as a failure. */
  timeoutMs: number;
};

/** About 1s, 5s, 25s, 2m, 10m, 10m: roughly 13 minutes before giving up. */
export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 1_000,
  factor: 5,
  maxDelayMs: 600_000,
  timeoutMs: 10_000,
};

export type WebhookDeliveryDeps = {
  fetch: typeof fetch;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  attempts: DeliveryAttemptPort;
  policy?: RetryPolicy;
  /** Throws for a URL the platform must not call right now (e.g. its name resolves to a private address). */
  guardUrl?: (url: string) => Promise<void>;
};

/** Everything a tenant's webhook receives: a finished task, or a tenant-level event such as `balance.low`. */
export type WebhookEvent = WebhookPayload | BalanceLowPayload;

/** What a delivery attempt is recorded under (webhook_deliveries.task_id): the task, or for a tenant event the event itself. */
export function subjectOf(payload: WebhookEvent): string {
  return payload.type === "balance.low" ? payload.id : payload.data.id;
}

export type WebhookDelivery = {
  url: string;
  secret: string;
  payload: WebhookEvent;
  /** Resume after a restart: the attempt number to start from (the last recorded attempt + 1). */
  firstAttempt?: number;
};

export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** (attempt - 1));
}

export async function deliverWebhook(
  deps: WebhookDeliveryDeps,
  delivery: WebhookDelivery,
): Promise<{ delivered: boolean; attempts: number }> {
  const policy = deps.policy ?? defaultRetryPolicy;
  // Serialised once: every attempt carries byte-identical content, only the signature's `t` changes.
  const body = JSON.stringify(delivery.payload);
  let attempt = delivery.firstAttempt ?? 1;
  for (; attempt <= policy.maxAttempts; attempt++) {
    const startedAt = deps.clock.now();
    const outcome = await postOnce(deps, delivery, body, startedAt, policy.timeoutMs);
    const finishedAt = deps.clock.now();
    const last = outcome.succeeded || attempt === policy.maxAttempts;
    const delay = last ? 0 : backoffDelay(policy, attempt);
    await deps.attempts.record({
      deliveryId: delivery.payload.id,
      taskId: subjectOf(delivery.payload),
      url: delivery.url,
      attempt,
      startedAt,
      durationMs: finishedAt - startedAt,
      statusCode: outcome.statusCode,
      error: outcome.error,
      succeeded: outcome.succeeded,
      nextAttemptAt: last ? null : finishedAt + delay,
    });
    if (outcome.succeeded) return { delivered: true, attempts: attempt };
    if (!last) await deps.sleep(delay);
  }
  return { delivered: false, attempts: attempt - 1 };
}

async function postOnce(
  deps: Pick<WebhookDeliveryDeps, "fetch" | "guardUrl">,
  delivery: WebhookDelivery,
  body: string,
  nowMs: number,
  timeoutMs: number,
): Promise<{ succeeded: boolean; statusCode: number | null; error: string | null }> {
  try {
    // Checked per attempt, not only at registration: DNS can point a registered name elsewhere later.
    if (deps.guardUrl) await deps.guardUrl(delivery.url);
    const res = await deps.fetch(delivery.url, {
      method: "POST",
      body,
      // Never follow a redirect: a tenant URL must not bounce the platform's POST somewhere else.
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        "content-type": "application/json",
        "user-agent": "Waule-Webhooks/1",
        [WEBHOOK_SIGNATURE_HEADER]: webhookSignature(delivery.secret, body, nowMs / 1000),
        "X-Waule-Event": delivery.payload.type,
        "X-Waule-Delivery": delivery.payload.id,
      },
    });
    // Drain so the connection is released; the receiver's answer body is not kept.
    await res.arrayBuffer().catch(() => undefined);
    const ok = res.status >= 200 && res.status < 300;
    return { succeeded: ok, statusCode: res.status, error: ok ? null : `receiver answered HTTP ${res.status}` };
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    const message = timedOut ? `timeout after ${timeoutMs}ms` : err instanceof Error ? err.message : String(err);
    return { succeeded: false, statusCode: null, error: message.slice(0, 500) };
  }
}
