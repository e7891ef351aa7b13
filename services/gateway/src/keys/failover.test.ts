import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { providerKeys } from "@waule/db/gateway";
import { manualClock, sequentialIds } from "@waule/shared/clock";
import { AppError } from "@waule/shared/errors";
import { eq } from "drizzle-orm";
import { networkFailure, UpstreamError } from "../providers/upstream-error";
import { withKeyFailover } from "./failover";
import { createKeyPool, type PickedKey } from "./pool";
import { createKeyRepository } from "./repository";
import { openTempGatewayDb, testEncryptionKey } from "./temp-db";

let env: Awaited<ReturnType<typeof openTempGatewayDb>>;
const clock = manualClock(1_700_000_000_000);

beforeEach(async () => {
  env = await openTempGatewayDb();
});
afterEach(async () => env.close());

async function twoKeys() {
  const repo = createKeyRepository({ db: env.db, clock, ids: sequentialIds("pk_"), encryptionKey: testEncryptionKey });
  // `random` 0 always lands in the first weight class; the heavier key is therefore tried first.
  const pool = createKeyPool({
    db: env.db,
    clock,
    random: () => 0,
    config: { encryptionKey: testEncryptionKey, failureCooldownMs: 2_000 },
  });
  const first = await repo.create({ provider: "vidu", name: "first", secret: "sk-first", weight: 5 });
  const second = await repo.create({ provider: "vidu", name: "second", secret: "sk-second", weight: 1 });
  return { repo, pool, first, second };
}

async function rowOf(id: string) {
  return (await env.db.select().from(providerKeys).where(eq(providerKeys.id, id)))[0]!;
}

const failing = (status: number, retryAfterSeconds?: number) => (key: PickedKey) => {
  if (key.secret === "sk-first")
    throw new UpstreamError({ provider: "vidu", status, message: "boom", retryAfterSeconds });
  return Promise.resolve(`served by ${key.secret}`);
};

describe("withKeyFailover", () => {
  test("a 429 on the first key is retried on the second; the first cools down", async () => {
    const { pool, first, second } = await twoKeys();
    const seen: string[] = [];
    const result = await withKeyFailover(pool, "vidu", (key) => {
      seen.push(key.secret);
      return failing(429, 20)(key);
    });
    expect(result).toBe("served by sk-second");
    expect(seen).toEqual(["sk-first", "sk-second"]);
    const a = await rowOf(first.id);
    expect([a.failures, a.requests, a.cooldownUntil?.getTime()]).toEqual([1, 1, clock.now() + 20_000]);
    const b = await rowOf(second.id);
    expect([b.failures, b.requests, b.lastError]).toEqual([0, 1, null]);
  });

  test("a 5xx on the first key is retried on the second; the first gets a strike and a short rest", async () => {
    const { pool, first } = await twoKeys();
    expect(await withKeyFailover(pool, "vidu", failing(503))).toBe("served by sk-second");
    const a = await rowOf(first.id);
    expect([a.consecutiveFailures, a.failures, a.cooldownUntil?.getTime()]).toEqual([1, 1, clock.now() + 2_000]);
    expect(a.lastError).toContain("503");
  });

  test("a 401 disables the first key and the call still succeeds", async () => {
    const { pool, first } = await twoKeys();
    expect(await withKeyFailover(pool, "vidu", failing(401))).toBe("served by sk-second");
    expect((await rowOf(first.id)).enabled).toBe(false);
  });

  test("a 429 insufficient_quota disables the first key (a cooldown would not refill it) and the second serves", async () => {
    const { pool, first, second } = await twoKeys();
    const call = (key: PickedKey) => {
      if (key.secret === "sk-first") {
        throw new UpstreamError({
          provider: "vidu",
          status: 429,
          upstreamCode: "insufficient_quota",
          message: "You exceeded your current quota",
        });
      }
      return Promise.resolve(`served by ${key.secret}`);
    };
    expect(await withKeyFailover(pool, "vidu", call)).toBe("served by sk-second");
    const a = await rowOf(first.id);
    expect([a.enabled, a.failures, a.cooldownUntil]).toEqual([false, 1, null]);
    expect(a.disabledReason).toContain("exceeded your current quota");
    expect((await rowOf(second.id)).enabled).toBe(true);
    // Disabled, not resting: a day later the pool still never hands it out.
    clock.advance(24 * 3600_000);
    expect((await pool.pick("vidu"))?.id).toBe(second.id);
    expect(await pool.pick("vidu", [second.id])).toBeNull();
  });

  test("a 402 (unpaid account) disables the key and fails over to the next one", async () => {
    const { pool, first } = await twoKeys();
    expect(await withKeyFailover(pool, "vidu", failing(402))).toBe("served by sk-second");
    const a = await rowOf(first.id);
    expect([a.enabled, a.failures]).toEqual([false, 1]);
    expect(a.disabledReason).toContain("402");
  });

  test("a plain 429 rate limit still only cools the key down", async () => {
    const { pool, first } = await twoKeys();
    const call = (key: PickedKey) => {
      if (key.secret === "sk-first")
        throw new UpstreamError({
          provider: "vidu",
          status: 429,
          upstreamCode: "rate_limit_exceeded",
          message: "slow down",
        });
      return Promise.resolve("ok");
    };
    await withKeyFailover(pool, "vidu", call);
    const a = await rowOf(first.id);
    expect(a.enabled).toBe(true);
    expect(a.cooldownUntil?.getTime()).toBe(clock.now() + 60_000);
  });

  test("a bad request is not retried on another key", async () => {
    const { pool, second } = await twoKeys();
    const error = await withKeyFailover(pool, "vidu", failing(400)).catch((e) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as AppError).code).toBe("upstream_bad_request");
    expect((await rowOf(second.id)).requests).toBe(0);
  });

  test("when every key fails, the fallback runs; without one, the last mapped error is thrown", async () => {
    const { pool } = await twoKeys();
    const allDown = () => Promise.reject(new UpstreamError({ provider: "vidu", status: 502, message: "down" }));
    expect(await withKeyFailover(pool, "vidu", allDown, { fallback: async () => "fallback model" })).toBe(
      "fallback model",
    );
    clock.advance(5_000);
    const error = (await withKeyFailover(pool, "vidu", allDown).catch((e) => e)) as AppError;
    expect(error.code).toBe("upstream_unavailable");
    expect(error.message).toContain("down");
  });

  test("no usable key at all is a clear upstream_unavailable", async () => {
    const { pool } = await twoKeys();
    const error = (await withKeyFailover(pool, "minimax", async () => "never").catch((e) => e)) as AppError;
    expect(error.code).toBe("upstream_unavailable");
    expect(error.message).toContain("no enabled provider key");
  });
});

describe("withKeyFailover for a non-idempotent submit (idempotent: false)", () => {
  const submit = { idempotent: false } as const;

  test("a timeout (no answer, status 0) is not retried on the next key: upstream_timeout, one upstream call", async () => {
    const { pool, first } = await twoKeys();
    const seen: string[] = [];
    const fallback = () => Promise.resolve("fallback ran");
    const err = await withKeyFailover(
      pool,
      "vidu",
      (key) => {
        seen.push(key.secret);
        throw new UpstreamError({ provider: "vidu", status: 0, message: "network error: The operation timed out." });
      },
      { ...submit, fallback },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(seen).toEqual(["sk-first"]);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("upstream_timeout");
    // The key still gets its strike: it did not answer.
    expect((await rowOf(first.id)).consecutiveFailures).toBe(1);
  });

  test("an abort/timeout DOMException is surfaced as upstream_timeout without trying the next key", async () => {
    const { pool } = await twoKeys();
    const seen: string[] = [];
    const err = await withKeyFailover(
      pool,
      "vidu",
      (key) => {
        seen.push(key.secret);
        throw new DOMException("The operation timed out.", "TimeoutError");
      },
      submit,
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(seen).toEqual(["sk-first"]);
    expect((err as AppError).code).toBe("upstream_timeout");
  });

  test("a 5xx (the job may have been created) ends the call on the first key", async () => {
    const { pool } = await twoKeys();
    const seen: string[] = [];
    const err = await withKeyFailover(
      pool,
      "vidu",
      (key) => {
        seen.push(key.secret);
        return failing(502)(key);
      },
      submit,
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(seen).toEqual(["sk-first"]);
    expect((err as UpstreamError).failure.status).toBe(502);
  });

  test("definite refusals (429, 401, 403, 402) still move on to the next key", async () => {
    for (const status of [429, 401, 403, 402]) {
      await env.close();
      env = await openTempGatewayDb();
      const { pool } = await twoKeys();
      expect({ status, result: await withKeyFailover(pool, "vidu", failing(status), submit) }).toEqual({
        status,
        result: "served by sk-second",
      });
    }
  });

  test("a refused connection (nothing was sent) moves on to the next key", async () => {
    const probe = Bun.serve({ port: 0, fetch: () => new Response("") });
    const closedUrl = `http://127.0.0.1:${probe.port}/submit`;
    await probe.stop(true);
    const { pool } = await twoKeys();
    const seen: string[] = [];
    const result = await withKeyFailover(
      pool,
      "vidu",
      async (key) => {
        seen.push(key.secret);
        if (key.secret === "sk-second") return "served by sk-second";
        try {
          await fetch(closedUrl, { method: "POST", body: "{}" });
        } catch (err) {
          throw networkFailure("vidu", err);
        }
        return "unexpected answer";
      },
      submit,
    );
    expect(seen).toEqual(["sk-first", "sk-second"]);
    expect(result).toBe("served by sk-second");
  });

  test("by default (idempotent) the same timeout does fail over", async () => {
    const { pool } = await twoKeys();
    expect(await withKeyFailover(pool, "vidu", failing(0))).toBe("served by sk-second");
  });
});
