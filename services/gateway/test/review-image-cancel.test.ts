// Review: an image call the server cancels (its GATEWAY_TIMEOUT_MS passed) says nothing about the provider key,
// exactly as chat and speech already treat it: no strike, no cooldown, and no second key tried with a dead signal.
import { afterEach, expect, test } from "bun:test";
import { providerKeys, requestLog } from "@waule/db/gateway";
import { sequentialIds } from "@waule/shared/clock";
import { signInternalRequest } from "@waule/shared/internal-signature";
import { createGatewayApp } from "../src/app";
import { createKeyRepository } from "../src/keys/repository";
import { createProviderRegistry } from "../src/providers/registry";
import type { Provider } from "../src/providers/types";
import { networkFailure } from "../src/providers/upstream-error";
import { startTestGateway, TEST_BASE_URL, TEST_INTERNAL_SECRET, type TestGateway } from "./support/gateway";

const path = "/internal/v1/images/generations";
let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.stop();
  gw = undefined;
});

test("an image call the server cancels neither strikes the key nor tries the next one", async () => {
  gw = await startTestGateway();
  const keysTried: (string | null)[] = [];
  let started!: () => void;
  const upstreamStarted = new Promise<void>((r) => (started = r));
  // A slow upstream (a wanx task polled for minutes): it only ends when the request's signal aborts, as fetch would.
  const slow: Provider = {
    name: "slow",
    requiresKey: true,
    image: {
      generate: (_input, ctx) =>
        new Promise((_, reject) => {
          keysTried.push(ctx.key.id);
          if (ctx.signal?.aborted) return reject(networkFailure("slow", ctx.signal.reason));
          started();
          ctx.signal?.addEventListener("abort", () => reject(networkFailure("slow", ctx.signal!.reason)), {
            once: true,
          });
        }),
    },
  };
  const registry = createProviderRegistry({ hasProviderKeys: async () => true });
  registry.register(slow, { models: ["slow-image"] });
  const repo = createKeyRepository({
    db: gw.db,
    clock: gw.clock,
    ids: sequentialIds("pk_"),
    encryptionKey: gw.config.encryptionKey,
  });
  await repo.create({ provider: "slow", name: "a", secret: "sk-aaaaaaaa" });
  await repo.create({ provider: "slow", name: "b", secret: "sk-bbbbbbbb" });
  const app = createGatewayApp({ ...gw.deps, providers: registry });

  const body = JSON.stringify({
    tenantId: "tenant_a",
    requestId: "req-1",
    model: "slow-image",
    prompt: "a lighthouse",
    n: 1,
    width: 64,
    height: 64,
  });
  const headers = signInternalRequest(TEST_INTERNAL_SECRET, {
    method: "POST",
    path,
    body,
    timestampMs: gw.clock.now(),
  });
  const abort = new AbortController();
  const pending = app.request(`${TEST_BASE_URL}${path}`, {
    method: "POST",
    body,
    headers: { ...headers, "content-type": "application/json" },
    signal: abort.signal,
  });
  await upstreamStarted;
  abort.abort();
  const res = await pending;

  expect(res.status).toBe(504);
  expect((await res.json()).error.code).toBe("upstream_timeout");
  expect(keysTried).toHaveLength(1);
  const keys = await gw.db.select().from(providerKeys);
  expect(keys.map((k) => [k.failures, k.consecutiveFailures, k.cooldownUntil])).toEqual([
    [0, 0, null],
    [0, 0, null],
  ]);
  const logs = await gw.db.select().from(requestLog);
  expect(logs.map((l) => [l.status, l.errorCode, l.keyId])).toEqual([["error", "upstream_timeout", keysTried[0]!]]);
});
