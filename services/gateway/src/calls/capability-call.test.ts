import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { providerKeys, requestLog } from "@waule/db/gateway";
import { manualClock, sequentialIds } from "@waule/shared/clock";
import { asc } from "drizzle-orm";
import { createKeyPool } from "../keys/pool";
import { createKeyRepository } from "../keys/repository";
import { openTempGatewayDb, testEncryptionKey } from "../keys/temp-db";
import { createProviderRegistry } from "../providers/registry";
import type { ImageInput, Provider, ProviderContext } from "../providers/types";
import { UpstreamError } from "../providers/upstream-error";
import { callCapability } from "./capability-call";

let env: Awaited<ReturnType<typeof openTempGatewayDb>>;
const clock = manualClock(1_700_000_000_000);

beforeEach(async () => {
  env = await openTempGatewayDb();
});
afterEach(async () => env.close());

type Attempt = { model: string; secret: string; ctx: ProviderContext };

/** "acme" answers per key: sk-limited is rate limited, sk-slow waits for the signal, anything else succeeds. */
function acme(attempts: Attempt[]): Provider {
  return {
    name: "acme",
    requiresKey: true,
    image: {
      async generate(input: ImageInput, ctx) {
        attempts.push({ model: input.model, secret: ctx.key.secret, ctx });
        if (ctx.key.secret === "sk-limited")
          throw new UpstreamError({ provider: "acme", status: 429, message: "slow down", retryAfterSeconds: 30 });
        if (ctx.key.secret === "sk-slow")
          await new Promise((_, reject) => ctx.signal?.addEventListener("abort", () => reject(ctx.signal?.reason)));
        clock.advance(25);
        return { images: [{ kind: "bytes", data: new Uint8Array([1]), mimeType: "image/png" }] };
      },
    },
  };
}

async function setup(secrets: string[]) {
  const attempts: Attempt[] = [];
  const providers = createProviderRegistry({ hasProviderKeys: async () => true });
  providers.register(acme(attempts), { models: ["acme-1"] });
  providers.register({ name: "talker", requiresKey: false, chat: undefined });
  const repo = createKeyRepository({ db: env.db, clock, ids: sequentialIds(), encryptionKey: testEncryptionKey });
  for (const [i, secret] of secrets.entries())
    await repo.create({ provider: "acme", name: `k${i}`, secret, weight: 10 - i });
  const deps = {
    db: env.db,
    providers,
    keys: createKeyPool({ db: env.db, clock, random: () => 0, config: { encryptionKey: testEncryptionKey } }),
    clock,
    ids: sequentialIds("c"),
    fetch,
    config: { encryptionKey: testEncryptionKey, signedUrlTtlSeconds: 60, tenantUrls: { allowPrivate: true } },
  };
  const image = (options: { signal?: AbortSignal; key?: { id: string; secret: string } } = {}) =>
    callCapability(
      deps,
      "image",
      { tenantId: "t1", requestId: "req_1", route: { model: "acme-1" }, ...options },
      ({ capability, ctx, upstreamModel }) =>
        capability.generate({ model: upstreamModel, prompt: "p", n: 1, width: 8, height: 8 }, ctx),
    );
  return { attempts, deps, image };
}

const logRows = () =>
  env.db
    .select({
      capability: requestLog.capability,
      provider: requestLog.provider,
      model: requestLog.model,
      keyId: requestLog.keyId,
      status: requestLog.status,
      errorCode: requestLog.errorCode,
      latencyMs: requestLog.latencyMs,
    })
    .from(requestLog)
    .orderBy(asc(requestLog.createdAt), asc(requestLog.id));

describe("callCapability", () => {
  test("each attempt gets a context built from the call context and its own request-log row", async () => {
    const { attempts, deps, image } = await setup(["sk-limited", "sk-good"]);
    const result = await image();
    expect(result.value.images).toHaveLength(1);
    expect(attempts.map((a) => [a.model, a.secret])).toEqual([
      ["acme-1", "sk-limited"],
      ["acme-1", "sk-good"],
    ]);
    const ctx = attempts[1]!.ctx;
    expect(ctx.clock).toBe(clock);
    expect(ctx.fetch).toBe(deps.fetch);
    expect(ctx.tenantUrls).toEqual({ allowPrivate: true });
    const keys = await env.db.select().from(providerKeys).orderBy(asc(providerKeys.name));
    expect(await logRows()).toEqual([
      {
        capability: "image",
        provider: "acme",
        model: "acme-1",
        keyId: keys[0]!.id,
        status: "error",
        errorCode: "upstream_quota",
        latencyMs: 0,
      },
      {
        capability: "image",
        provider: "acme",
        model: "acme-1",
        keyId: keys[1]!.id,
        status: "ok",
        errorCode: null,
        latencyMs: 25,
      },
    ]);
  });

  test("a provider named for a capability it lacks is refused before anything is called or logged", async () => {
    const { deps } = await setup(["sk-good"]);
    const ran: string[] = [];
    const call = callCapability(
      deps,
      "chat",
      { tenantId: "t1", requestId: "req_2", route: { model: "m", provider: "talker" } },
      async () => {
        ran.push("chat");
        return null;
      },
    );
    await expect(call).rejects.toMatchObject({ code: "invalid_request" });
    expect(ran).toEqual([]);
    expect(await logRows()).toEqual([]);
  });

  test("a call the server cancelled ends as upstream_timeout without striking the key or trying the next", async () => {
    const { attempts, image } = await setup(["sk-slow", "sk-good"]);
    const abort = new AbortController();
    const pending = image({ signal: abort.signal });
    while (attempts.length === 0) await Bun.sleep(1);
    abort.abort(new DOMException("server went away", "AbortError"));
    await expect(pending).rejects.toMatchObject({ code: "upstream_timeout" });
    expect(attempts.map((a) => a.secret)).toEqual(["sk-slow"]);
    const slow = (await env.db.select().from(providerKeys)).find((k) => k.name === "k0")!;
    expect([slow.enabled, slow.cooldownUntil, slow.consecutiveFailures]).toEqual([true, null, 0]);
    expect((await logRows()).map((r) => [r.status, r.errorCode])).toEqual([["error", "upstream_timeout"]]);
  });

  test("a pinned key is the only key tried: no failover to the pool's others", async () => {
    const { attempts, image } = await setup(["sk-good"]);
    await expect(image({ key: { id: "pinned", secret: "sk-limited" } })).rejects.toMatchObject({
      code: "upstream_quota",
    });
    expect(attempts.map((a) => a.secret)).toEqual(["sk-limited"]);
    expect((await logRows()).map((r) => [r.keyId, r.errorCode])).toEqual([["pinned", "upstream_quota"]]);
  });

  test("with endsWhen the row is written when the value ends (a stream), with the error it ended on", async () => {
    const { deps } = await setup(["sk-good"]);
    let end!: (err: unknown) => void;
    const ended = new Promise<void>((_, reject) => {
      end = reject;
    });
    const result = await callCapability(
      deps,
      "image",
      { tenantId: "t1", requestId: "req_3", route: { model: "acme-1" }, endsWhen: () => ended },
      async () => "opened",
    );
    expect(result.value).toBe("opened");
    expect(await logRows()).toEqual([]);
    clock.advance(40);
    end(new UpstreamError({ provider: "acme", status: 502, message: "stream broke" }));
    await ended.catch(() => undefined);
    // The row is written after the end settles; wait for it rather than for a fixed time.
    for (let i = 0; i < 200 && (await logRows()).length === 0; i++) await Bun.sleep(5);
    expect((await logRows()).map((r) => [r.status, r.errorCode, r.latencyMs])).toEqual([
      ["error", "upstream_unavailable", 40],
    ]);
  });
});
