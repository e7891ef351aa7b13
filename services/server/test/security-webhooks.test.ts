// Webhook deliveries re-check their URL at every attempt: in production a name resolving to a private address is never called.
import { expect, test } from "bun:test";
import type { WebhookPayload } from "@waule/shared/tasks";
import { type DeliveryAttempt, deliverWebhook } from "../src/webhooks/delivery";
import { webhookDeliveryGuard } from "../src/webhooks/url-policy";

const payload: WebhookPayload = {
  id: "evt_1",
  object: "event",
  type: "task.succeeded",
  created_at: 1_767_225_600,
  data: {
    id: "task_1",
    object: "task",
    type: "video",
    model: "sandbox-video",
    status: "succeeded",
    progress: 100,
    result: { urls: [] },
    error: null,
    credits: 1,
    created_at: 1_767_225_500,
    updated_at: 1_767_225_600,
    finished_at: 1_767_225_600,
  },
};
const production = { NODE_ENV: "production" as const, WEBHOOK_ALLOW_PRIVATE_URLS: undefined };

function harness(guardUrl: ((url: string) => Promise<void>) | undefined) {
  const attempts: DeliveryAttempt[] = [];
  const called: string[] = [];
  const deps = {
    fetch: (async (url: string | URL | Request) => {
      called.push(String(url));
      return new Response("ok");
    }) as typeof fetch,
    clock: { now: () => 0 },
    sleep: async () => {},
    policy: { maxAttempts: 2, baseDelayMs: 1, factor: 1, maxDelayMs: 1, timeoutMs: 1_000 },
    attempts: { record: async (a: DeliveryAttempt) => void attempts.push(a) },
    guardUrl,
  };
  return { deps, attempts, called };
}

test("production: a registered name that now resolves to a private address fails every attempt without a request", async () => {
  const dns = async (host: string) => (host === "hooks.example.com" ? ["10.20.30.40"] : ["93.184.216.34"]);
  const h = harness(webhookDeliveryGuard(production, dns));
  const result = await deliverWebhook(h.deps, { url: "https://hooks.example.com/waule", secret: "whsec_x", payload });
  expect(result).toEqual({ delivered: false, attempts: 2 });
  expect(h.called).toEqual([]);
  expect(h.attempts.map((a) => [a.succeeded, a.statusCode, a.error])).toEqual([
    [false, null, "webhook URL may not point at a private or loopback address"],
    [false, null, "webhook URL may not point at a private or loopback address"],
  ]);
});

test("production: a name resolving to public addresses is delivered", async () => {
  const h = harness(webhookDeliveryGuard(production, async () => ["93.184.216.34"]));
  expect(await deliverWebhook(h.deps, { url: "https://hooks.example.com/waule", secret: "whsec_x", payload })).toEqual({
    delivered: true,
    attempts: 1,
  });
  expect(h.called).toEqual(["https://hooks.example.com/waule"]);
});

test("development, or WEBHOOK_ALLOW_PRIVATE_URLS=true, adds no check", () => {
  expect(webhookDeliveryGuard({ NODE_ENV: "development", WEBHOOK_ALLOW_PRIVATE_URLS: undefined })).toBeUndefined();
  expect(webhookDeliveryGuard({ NODE_ENV: "production", WEBHOOK_ALLOW_PRIVATE_URLS: "true" })).toBeUndefined();
  expect(webhookDeliveryGuard(production)).toBeFunction();
});
