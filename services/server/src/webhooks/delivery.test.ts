// Deliveries against a real local HTTP receiver; the clock and the backoff sleep are injected.
import { afterEach, expect, test } from "bun:test";
import type { WebhookPayload } from "@waule/shared/tasks";
import { type DeliveryAttempt, deliverWebhook, type RetryPolicy } from "./delivery";
import { verifyWebhook } from "./signature";

const secret = "whsec_test_0123456789";
const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1_000, factor: 3, maxDelayMs: 5_000, timeoutMs: 2_000 };
const servers: { stop: (force?: boolean) => void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.stop(true);
});

function payload(): WebhookPayload {
  return {
    id: "evt_7",
    object: "event",
    type: "task.succeeded",
    created_at: 1_767_225_600,
    data: {
      id: "task_7",
      object: "task",
      type: "video",
      model: "sandbox-video",
      status: "succeeded",
      progress: 100,
      result: { urls: ["https://cdn.test/v.webm"] },
      error: null,
      credits: 40,
      created_at: 1_767_225_500,
      updated_at: 1_767_225_600,
      finished_at: 1_767_225_600,
    },
  };
}

/** Starts at a fixed instant and moves 7ms every time it is read, so durations are exact. */
function tickingClock() {
  let t = Date.UTC(2026, 0, 1);
  return { now: () => (t += 7), advance: (ms: number) => (t += ms), seconds: () => Math.floor(t / 1000) };
}

function harness(clock: ReturnType<typeof tickingClock>) {
  const attempts: DeliveryAttempt[] = [];
  const sleeps: number[] = [];
  return {
    attempts,
    sleeps,
    deps: {
      fetch,
      clock,
      policy,
      attempts: { record: async (a: DeliveryAttempt) => void attempts.push(a) },
      sleep: async (ms: number) => {
        sleeps.push(ms);
        clock.advance(ms);
      },
    },
  };
}

test("a receiver failing twice then succeeding gets three signed, identical bodies; every attempt is recorded", async () => {
  const clock = tickingClock();
  const received: {
    body: string;
    check: ReturnType<typeof verifyWebhook>;
    event: string | null;
    delivery: string | null;
  }[] = [];
  const server = Bun.serve({
    port: 0,
    async fetch(req) {
      const body = await req.text();
      received.push({
        body,
        check: verifyWebhook(secret, body, req.headers.get("x-waule-signature"), { nowSeconds: clock.seconds() }),
        event: req.headers.get("x-waule-event"),
        delivery: req.headers.get("x-waule-delivery"),
      });
      return new Response(received.length <= 2 ? "busy" : "ok", { status: received.length <= 2 ? 500 : 200 });
    },
  });
  servers.push(server);
  const url = `http://127.0.0.1:${server.port}/hooks/waule`;
  const h = harness(clock);

  const result = await deliverWebhook(h.deps, { url, secret, payload: payload() });

  expect(result).toEqual({ delivered: true, attempts: 3 });
  expect(received.length).toBe(3);
  expect(received.every((r) => r.check.ok)).toBe(true);
  expect(new Set(received.map((r) => r.body)).size).toBe(1);
  expect(JSON.parse(received[0]!.body)).toEqual(payload());
  expect(received[0]).toMatchObject({ event: "task.succeeded", delivery: "evt_7" });
  expect(h.sleeps).toEqual([1_000, 3_000]);
  expect(h.attempts.map((a) => [a.attempt, a.statusCode, a.succeeded, a.durationMs])).toEqual([
    [1, 500, false, 7],
    [2, 500, false, 7],
    [3, 200, true, 7],
  ]);
  expect(h.attempts[0]).toMatchObject({
    deliveryId: "evt_7",
    taskId: "task_7",
    url,
    error: "receiver answered HTTP 500",
  });
  expect(h.attempts[0]!.nextAttemptAt).toBe(h.attempts[0]!.startedAt + 7 + 1_000);
  expect(h.attempts[2]).toMatchObject({ error: null, nextAttemptAt: null });
});

test("gives up after the last attempt, recording network errors with no status code", async () => {
  // Bind then stop a server so its port is known to refuse connections.
  const gone = Bun.serve({ port: 0, fetch: () => new Response("") });
  const url = `http://127.0.0.1:${gone.port}/`;
  gone.stop(true);
  const h = harness(tickingClock());

  const result = await deliverWebhook(h.deps, { url, secret, payload: payload() });

  expect(result).toEqual({ delivered: false, attempts: 4 });
  expect(h.sleeps).toEqual([1_000, 3_000, 5_000]);
  expect(h.attempts.map((a) => a.statusCode)).toEqual([null, null, null, null]);
  expect(h.attempts.every((a) => a.error !== null && !a.succeeded)).toBe(true);
  expect(h.attempts[3]!.nextAttemptAt).toBeNull();
});

test("a receiver that hangs past the timeout is a failed attempt; a redirect is not followed", async () => {
  let hits = 0;
  const server = Bun.serve({
    port: 0,
    async fetch(req) {
      hits++;
      if (new URL(req.url).pathname === "/slow") return new Promise<Response>(() => {});
      return Response.redirect("http://127.0.0.1:1/elsewhere", 307);
    },
  });
  servers.push(server);
  const h = harness(tickingClock());
  const deps = { ...h.deps, policy: { ...policy, maxAttempts: 1, timeoutMs: 50 } };

  expect(
    (await deliverWebhook(deps, { url: `http://127.0.0.1:${server.port}/slow`, secret, payload: payload() })).delivered,
  ).toBe(false);
  expect(h.attempts[0]).toMatchObject({ statusCode: null, error: "timeout after 50ms" });

  expect(
    (await deliverWebhook(deps, { url: `http://127.0.0.1:${server.port}/moved`, secret, payload: payload() }))
      .delivered,
  ).toBe(false);
  expect(h.attempts[1]).toMatchObject({ statusCode: 307, error: "receiver answered HTTP 307" });
  expect(hits).toBe(2);
});

test("resumes from a given attempt after a restart, keeping the backoff schedule", async () => {
  const server = Bun.serve({ port: 0, fetch: () => new Response("ok") });
  servers.push(server);
  const h = harness(tickingClock());
  const result = await deliverWebhook(h.deps, {
    url: `http://127.0.0.1:${server.port}/`,
    secret,
    payload: payload(),
    firstAttempt: 3,
  });
  expect(result).toEqual({ delivered: true, attempts: 3 });
  expect(h.attempts.map((a) => a.attempt)).toEqual([3]);
});
