import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { openGatewayDb } from "@waule/db/connect";
import { providerKeys } from "@waule/db/gateway";
import { manualClock, sequentialIds } from "@waule/shared/clock";
import { eq } from "drizzle-orm";
import { deferredWrites } from "../calls/deferred-writes";
import { UpstreamError } from "../providers/upstream-error";
import { chooseKey, createKeyPool } from "./pool";
import { createKeyRepository } from "./repository";
import { openTempGatewayDb, seededRandom, testEncryptionKey } from "./temp-db";

let env: Awaited<ReturnType<typeof openTempGatewayDb>>;
const clock = manualClock(1_700_000_000_000);

beforeEach(async () => {
  env = await openTempGatewayDb();
  clock.set(1_700_000_000_000);
});
afterEach(async () => env.close());

function setup(config: Record<string, number> = {}, random = seededRandom(42)) {
  const repo = createKeyRepository({ db: env.db, clock, ids: sequentialIds("pk_"), encryptionKey: testEncryptionKey });
  const pool = createKeyPool({ db: env.db, clock, random, config: { encryptionKey: testEncryptionKey, ...config } });
  return { repo, pool };
}

async function rowOf(id: string) {
  return (await env.db.select().from(providerKeys).where(eq(providerKeys.id, id)))[0]!;
}

const upstream = (status: number, retryAfterSeconds?: number) =>
  new UpstreamError({ provider: "doubao", status, message: `status ${status}`, retryAfterSeconds });

describe("key pool", () => {
  test("hands out the unsealed secret and counts the use", async () => {
    const { repo, pool } = setup();
    const k = await repo.create({
      provider: "doubao",
      name: "a",
      secret: "sk-doubao-0001",
      baseUrl: "https://ark.example",
    });
    const picked = await pool.pick("doubao");
    expect(picked).toEqual({
      id: k.id,
      provider: "doubao",
      name: "a",
      secret: "sk-doubao-0001",
      baseUrl: "https://ark.example",
    });
    const row = await rowOf(k.id);
    expect(row.requests).toBe(1);
    expect(row.lastUsedAt?.getTime()).toBe(clock.now());
    expect(await pool.pick("gemini")).toBeNull();
  });

  test("a 429 cools the key down for Retry-After seconds, and it returns once that passes", async () => {
    const { repo, pool } = setup();
    const k = await repo.create({ provider: "doubao", name: "a", secret: "sk-a" });
    await pool.report(k.id, { ok: false, error: upstream(429, 30) });
    let row = await rowOf(k.id);
    expect(row.cooldownUntil?.getTime()).toBe(clock.now() + 30_000);
    expect(row.failures).toBe(1);
    expect(row.enabled).toBe(true);
    expect(row.lastError).toContain("429");
    expect(await pool.pick("doubao")).toBeNull();
    clock.advance(29_999);
    expect(await pool.pick("doubao")).toBeNull();
    clock.advance(1);
    expect((await pool.pick("doubao"))?.id).toBe(k.id);
    row = await rowOf(k.id);
    expect(row.consecutiveFailures).toBe(0);
  });

  test("a 429 without Retry-After uses the configured default cooldown", async () => {
    const { repo, pool } = setup({ rateLimitCooldownMs: 5_000 });
    const k = await repo.create({ provider: "doubao", name: "a", secret: "sk-a" });
    await pool.report(k.id, { ok: false, error: upstream(429) });
    expect((await rowOf(k.id)).cooldownUntil?.getTime()).toBe(clock.now() + 5_000);
  });

  test("a 401 disables the key with the reason", async () => {
    const { repo, pool } = setup();
    const k = await repo.create({ provider: "doubao", name: "a", secret: "sk-a" });
    await pool.report(k.id, { ok: false, error: upstream(401) });
    const row = await rowOf(k.id);
    expect(row.enabled).toBe(false);
    expect(row.disabledReason).toContain("401");
    expect(row.failures).toBe(1);
    clock.advance(24 * 3600_000);
    expect(await pool.pick("doubao")).toBeNull();
  });

  test("consecutive 5xx/timeouts cool the key briefly and disable it after N; a success in between resets the count", async () => {
    const { repo, pool } = setup({ maxConsecutiveFailures: 3, failureCooldownMs: 1_000 });
    const k = await repo.create({ provider: "doubao", name: "a", secret: "sk-a" });
    await pool.report(k.id, { ok: false, error: upstream(502) });
    await pool.report(k.id, { ok: false, error: upstream(0) });
    let row = await rowOf(k.id);
    expect(row.consecutiveFailures).toBe(2);
    expect(row.cooldownUntil?.getTime()).toBe(clock.now() + 1_000);
    expect(row.enabled).toBe(true);

    await pool.report(k.id, { ok: true });
    expect((await rowOf(k.id)).consecutiveFailures).toBe(0);

    for (const status of [500, 503]) await pool.report(k.id, { ok: false, error: upstream(status) });
    expect((await rowOf(k.id)).enabled).toBe(true);
    await pool.report(k.id, { ok: false, error: upstream(504) });
    row = await rowOf(k.id);
    expect(row.enabled).toBe(false);
    expect(row.consecutiveFailures).toBe(3);
    expect(row.failures).toBe(5);
    expect(row.disabledReason).toContain("3 consecutive failures");
  });

  test("a 400 is the request's fault and leaves the key's health alone", async () => {
    const { repo, pool } = setup();
    const k = await repo.create({ provider: "doubao", name: "a", secret: "sk-a" });
    const verdict = await pool.report(k.id, { ok: false, error: upstream(400) });
    expect(verdict.kind).toBe("healthy");
    const row = await rowOf(k.id);
    expect([row.enabled, row.failures, row.cooldownUntil]).toEqual([true, 0, null]);
  });

  test("weights 3:1 give the heavier key about 75% of many choices", () => {
    const random = seededRandom(7);
    const keys = [
      { id: "heavy", weight: 3, lastUsedAt: null, createdAt: new Date(0) },
      { id: "light", weight: 1, lastUsedAt: null, createdAt: new Date(0) },
      { id: "off", weight: 0, lastUsedAt: null, createdAt: new Date(0) },
    ];
    const counts: Record<string, number> = { heavy: 0, light: 0, off: 0 };
    const n = 20_000;
    for (let i = 0; i < n; i++) counts[chooseKey(keys, random)!.id]! += 1;
    expect(counts.heavy! / n).toBeGreaterThan(0.74);
    expect(counts.heavy! / n).toBeLessThan(0.76);
    expect(counts.off).toBe(0);
  });

  test("the pool's picks follow the weights too, and count each use on the key", async () => {
    const { repo, pool } = setup({}, seededRandom(7));
    const heavy = await repo.create({ provider: "doubao", name: "heavy", secret: "sk-h", weight: 3 });
    const light = await repo.create({ provider: "doubao", name: "light", secret: "sk-l", weight: 1 });
    let heavyPicks = 0;
    const n = 400;
    for (let i = 0; i < n; i++) {
      clock.advance(1);
      if ((await pool.pick("doubao"))?.id === heavy.id) heavyPicks++;
    }
    expect(heavyPicks / n).toBeGreaterThan(0.68);
    expect(heavyPicks / n).toBeLessThan(0.82);
    expect((await rowOf(heavy.id)).requests).toBe(heavyPicks);
    expect((await rowOf(light.id)).requests).toBe(n - heavyPicks);
  }, 30_000);

  test("equal keys take turns by least recent use, whatever the random draw", async () => {
    const { repo, pool } = setup({}, () => 0.999);
    const a = await repo.create({ provider: "doubao", name: "a", secret: "sk-a" });
    clock.advance(1);
    const b = await repo.create({ provider: "doubao", name: "b", secret: "sk-b" });
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      clock.advance(10);
      order.push((await pool.pick("doubao"))!.id);
    }
    expect(order).toEqual([a.id, b.id, a.id, b.id]);
  });

  test("excluded, disabled and other providers' keys are never picked", async () => {
    const { repo, pool } = setup();
    const a = await repo.create({ provider: "doubao", name: "a", secret: "sk-a" });
    const b = await repo.create({ provider: "doubao", name: "b", secret: "sk-b", enabled: false });
    await repo.create({ provider: "gemini", name: "g", secret: "sk-g" });
    expect((await pool.pick("doubao"))?.id).toBe(a.id);
    expect(await pool.pick("doubao", [a.id])).toBeNull();
    await repo.setEnabled(b.id, true);
    expect((await pool.pick("doubao", [a.id]))?.id).toBe(b.id);
  });

  test("two gateway processes share one pool: a cooldown learned by one is respected by the other", async () => {
    const { repo, pool } = setup();
    const other = await openGatewayDb({ url: env.url });
    try {
      const otherPool = createKeyPool({
        db: other,
        clock,
        random: seededRandom(1),
        config: { encryptionKey: testEncryptionKey },
      });
      const a = await repo.create({ provider: "doubao", name: "a", secret: "sk-a" });
      clock.advance(1);
      const b = await repo.create({ provider: "doubao", name: "b", secret: "sk-b" });
      expect((await pool.pick("doubao"))?.id).toBe(a.id);
      // Once the use is committed (DEFER_MS later; here: flushed), the other
      // process sees that `a` was just used and takes `b`, then learns `b` is rate limited.
      await deferredWrites(env.db).flush();
      expect((await otherPool.pick("doubao"))?.id).toBe(b.id);
      await otherPool.report(b.id, { ok: false, error: upstream(429, 60) });
      clock.advance(1);
      expect((await pool.pick("doubao"))?.id).toBe(a.id);
      expect(await pool.pick("doubao", [a.id])).toBeNull();
    } finally {
      other.$client.close();
    }
  });
});
