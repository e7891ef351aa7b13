import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { randomIds, systemClock } from "@waule/shared/clock";
import { AppError } from "@waule/shared/errors";
import { openTempDb, type TempDb } from "../../test/support/temp-db";
import { createTenant } from "../tenants/tenants";
import { API_KEY_PATTERN, createApiKey, generateApiKey, hashApiKey, listApiKeys, revokeApiKey } from "./api-keys";

describe("API keys", () => {
  test("keys are wk_live_ plus 32 alphanumerics and do not repeat", () => {
    const keys = Array.from({ length: 500 }, generateApiKey);
    expect(keys.every((k) => API_KEY_PATTERN.test(k))).toBe(true);
    expect(new Set(keys).size).toBe(500);
  });

  test("the stored hash is the SHA-256 hex of the key", async () => {
    const key = `wk_live_${"a".repeat(32)}`;
    const expected = new Bun.CryptoHasher("sha256").update(key).digest("hex");
    expect(await hashApiKey(key)).toBe(expected);
  });
});

describe("revokeApiKey", () => {
  let t: TempDb;
  const ctx = () => ({ db: t.db, clock: systemClock, ids: randomIds });
  const live = async (tenantId: string) =>
    (await listApiKeys(t.db, tenantId)).filter((k) => k.revokedAt === null).map((k) => k.id);
  const conflictReason = async (work: Promise<unknown>) => {
    const err = await work.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    return {
      code: (err as AppError).code,
      reason: ((err as AppError).details as { reason?: string } | undefined)?.reason,
    };
  };

  beforeEach(async () => {
    t = await openTempDb();
  });
  afterEach(async () => {
    await t.close();
  });

  test("refuses the tenant's last live key, with or without a tenant scope, and changes nothing", async () => {
    const { tenant, apiKeyId } = await createTenant(ctx(), { name: "Acme" });
    expect(await conflictReason(revokeApiKey(ctx(), apiKeyId))).toEqual({ code: "conflict", reason: "last_key" });
    expect(await conflictReason(revokeApiKey(ctx(), apiKeyId, tenant.id))).toEqual({
      code: "conflict",
      reason: "last_key",
    });
    expect(await live(tenant.id)).toEqual([apiKeyId]);
  });

  test("rotation by create-then-revoke is allowed, and a revoked key answers already_revoked", async () => {
    const { tenant, apiKeyId } = await createTenant(ctx(), { name: "Acme" });
    const next = await createApiKey(ctx(), tenant.id, "next");
    const revoked = await revokeApiKey(ctx(), apiKeyId);
    expect(revoked.id).toBe(apiKeyId);
    expect(revoked.revokedAt).not.toBeNull();
    expect(await live(tenant.id)).toEqual([next.record.id]);
    expect(await conflictReason(revokeApiKey(ctx(), apiKeyId))).toEqual({
      code: "conflict",
      reason: "already_revoked",
    });
    expect(await conflictReason(revokeApiKey(ctx(), next.record.id))).toEqual({ code: "conflict", reason: "last_key" });
  });

  test("two concurrent revokes of a tenant's two keys leave one live", async () => {
    const { tenant, apiKeyId } = await createTenant(ctx(), { name: "Acme" });
    const second = await createApiKey(ctx(), tenant.id, "second");
    const outcomes = await Promise.allSettled([revokeApiKey(ctx(), apiKeyId), revokeApiKey(ctx(), second.record.id)]);
    expect(outcomes.filter((o) => o.status === "fulfilled").length).toBe(1);
    expect((await live(tenant.id)).length).toBe(1);
  });

  test("another tenant's key is not found under a tenant scope", async () => {
    const a = await createTenant(ctx(), { name: "A" });
    const b = await createTenant(ctx(), { name: "B" });
    await createApiKey(ctx(), b.tenant.id, "spare");
    const err = await revokeApiKey(ctx(), b.apiKeyId, a.tenant.id).catch((e: unknown) => e);
    expect((err as AppError).code).toBe("not_found");
    expect((await live(b.tenant.id)).length).toBe(2);
  });
});
