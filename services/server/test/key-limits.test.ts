// Per-key limits through the real server app: quotas held in the hold's own update (and raced), expiry, models, IP ranges.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { manualClock } from "@waule/shared/clock";
import { adminSession } from "./support/admin";
import { postImages, type Stack, startStack } from "./support/stack";
import { balanceAndLedgerSum } from "./support/temp-db";

const START = Date.UTC(2026, 10, 30, 23, 0, 0);
const clock = manualClock(START);
let stack: Stack;
beforeEach(async () => {
  clock.set(START);
  stack = await startStack({ clock, serverEnv: { TRUST_PROXY: "true" } });
});
afterEach(async () => {
  await stack.stop();
});

const IMAGE = { model: "sandbox-image", prompt: "fox", size: "64x64" };
const PRICE = 10;

function setLimits(apiKey: string, keyId: string, body: unknown) {
  return stack.app.request(`/api/v1/tenant/keys/${keyId}/limits`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function keyRow(keyId: string) {
  const rs = await stack.db.$client.execute({
    sql: "SELECT spent_total, spent_month, spent_month_credits, quota_total, allowed_models FROM tenant_api_keys WHERE id = ?",
    args: [keyId],
  });
  return rs.rows[0];
}

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

describe("per-key credit quota", () => {
  test("40 parallel requests against a total quota of 5 images: exactly 5 pass, the rest are 402 key_quota_exceeded", async () => {
    const { tenant, apiKey, apiKeyId } = await stack.createTenant(10_000);
    expect((await setLimits(apiKey, apiKeyId, { quota_total: 5 * PRICE })).status).toBe(200);
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => postImages(stack, apiKey, { ...IMAGE, prompt: `fox ${i}` })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBe(5);
    expect(statuses.filter((s) => s === 402).length).toBe(35);
    const codes = await Promise.all(responses.filter((r) => r.status === 402).map(errorCode));
    expect(new Set(codes)).toEqual(new Set(["key_quota_exceeded"]));
    expect(Number((await keyRow(apiKeyId))?.spent_total)).toBe(5 * PRICE);
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({
      balance: 10_000 - 5 * PRICE,
      ledgerSum: 10_000 - 5 * PRICE,
    });
    const holds = await stack.db.$client.execute({
      sql: "SELECT COUNT(*) AS n FROM credit_holds WHERE tenant_id = ?",
      args: [tenant.id],
    });
    expect(Number(holds.rows[0]?.n)).toBe(5);
  });

  test("a failed call gives its hold back to the quota", async () => {
    const failing = await startStack({ clock, sandboxFailureRate: 1 });
    try {
      const { apiKey, apiKeyId } = await failing.createTenant(1_000);
      const patch = await failing.app.request(`/api/v1/tenant/keys/${apiKeyId}/limits`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ quota_total: PRICE }),
      });
      expect(patch.status).toBe(200);
      for (let i = 0; i < 3; i++) expect((await postImages(failing, apiKey, IMAGE)).status).not.toBe(402);
      const rs = await failing.db.$client.execute({
        sql: "SELECT spent_total, spent_month_credits FROM tenant_api_keys WHERE id = ?",
        args: [apiKeyId],
      });
      expect([Number(rs.rows[0]?.spent_total), Number(rs.rows[0]?.spent_month_credits)]).toEqual([0, 0]);
    } finally {
      await failing.stop();
    }
  });

  test("the monthly quota starts again in a new UTC month; the total quota does not", async () => {
    const { apiKey, apiKeyId } = await stack.createTenant(10_000);
    expect((await setLimits(apiKey, apiKeyId, { quota_monthly: 2 * PRICE, quota_total: 3 * PRICE })).status).toBe(200);
    expect((await postImages(stack, apiKey, IMAGE)).status).toBe(200);
    expect((await postImages(stack, apiKey, IMAGE)).status).toBe(200);
    const refused = await postImages(stack, apiKey, IMAGE);
    expect(refused.status).toBe(402);
    const body = (await refused.json()) as { error: { code: string; details: { quota: string } } };
    expect([body.error.code, body.error.details.quota]).toEqual(["key_quota_exceeded", "monthly"]);
    clock.set(Date.UTC(2026, 11, 1, 0, 30));
    expect((await postImages(stack, apiKey, IMAGE)).status).toBe(200);
    const row = await keyRow(apiKeyId);
    expect([row?.spent_month, Number(row?.spent_month_credits), Number(row?.spent_total)]).toEqual([
      "2026-12",
      PRICE,
      3 * PRICE,
    ]);
    const last = await postImages(stack, apiKey, IMAGE);
    expect([last.status, await errorCode(last)]).toEqual([402, "key_quota_exceeded"]);
  });

  test("the key list shows limits and spend; a rotated key keeps them", async () => {
    const { apiKey, apiKeyId } = await stack.createTenant(10_000);
    await setLimits(apiKey, apiKeyId, { quota_total: 2 * PRICE });
    expect((await postImages(stack, apiKey, IMAGE)).status).toBe(200);
    const rotated = await stack.app.request(`/api/v1/tenant/keys/${apiKeyId}/rotate`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}` },
    });
    const { key, record } = (await rotated.json()) as {
      key: string;
      record: { limits: { quotaTotal: number; spentTotal: number } };
    };
    expect([record.limits.quotaTotal, record.limits.spentTotal]).toEqual([2 * PRICE, PRICE]);
    expect((await postImages(stack, key, IMAGE)).status).toBe(200);
    expect(await errorCode(await postImages(stack, key, IMAGE))).toBe("key_quota_exceeded");
  });
});

describe("refusals before any hold", () => {
  test("an expired key is 403 key_expired and holds nothing", async () => {
    const { tenant, apiKey, apiKeyId } = await stack.createTenant(1_000);
    const expiry = new Date(START + 60_000).toISOString();
    expect((await setLimits(apiKey, apiKeyId, { expires_at: expiry })).status).toBe(200);
    expect((await postImages(stack, apiKey, IMAGE)).status).toBe(200);
    clock.advance(60_000);
    const res = await postImages(stack, apiKey, IMAGE);
    expect([res.status, await errorCode(res)]).toEqual([403, "key_expired"]);
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({
      balance: 1_000 - PRICE,
      ledgerSum: 1_000 - PRICE,
    });
  });

  test("a model outside the key's list is 403 model_not_allowed; a listed one works", async () => {
    const { tenant, apiKey, apiKeyId } = await stack.createTenant(1_000);
    expect((await setLimits(apiKey, apiKeyId, { allowed_models: ["sandbox-chat"] })).status).toBe(200);
    const res = await postImages(stack, apiKey, IMAGE);
    expect([res.status, await errorCode(res)]).toEqual([403, "model_not_allowed"]);
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 1_000, ledgerSum: 1_000 });
    await setLimits(apiKey, apiKeyId, { allowed_models: ["sandbox-chat", "sandbox-image"] });
    expect((await postImages(stack, apiKey, IMAGE)).status).toBe(200);
  });

  test("an IP outside the allowlist is 403 ip_not_allowed (v4 and v6 ranges)", async () => {
    const { tenant, apiKey, apiKeyId } = await stack.createTenant(1_000);
    expect((await setLimits(apiKey, apiKeyId, { ip_allowlist: ["10.0.0.0/8", "2001:db8::/32"] })).status).toBe(200);
    const from = (ip: string) => postImages(stack, apiKey, IMAGE, { "x-forwarded-for": ip });
    const outside = await from("192.168.1.9");
    expect([outside.status, await errorCode(outside)]).toEqual([403, "ip_not_allowed"]);
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 1_000, ledgerSum: 1_000 });
    expect((await from("10.20.30.40")).status).toBe(200);
    expect((await from("2001:db8:1::5")).status).toBe(200);
    expect((await from("2001:db9::1")).status).toBe(403);
  });
});

describe("setting limits", () => {
  test("bad input is 400 and changes nothing", async () => {
    const { apiKey, apiKeyId } = await stack.createTenant(1_000);
    for (const body of [
      {},
      { quota_total: -1 },
      { quota_total: 1.5 },
      { quota_monthly: "10" },
      { expires_at: "tomorrow" },
      { allowed_models: [] },
      { allowed_models: ["no-such-model"] },
      { ip_allowlist: ["10.0.0.0/33"] },
      { ip_allowlist: ["not-an-ip"] },
      { quota_total: 10, extra: true },
    ]) {
      const res = await setLimits(apiKey, apiKeyId, body);
      expect([JSON.stringify(body), res.status, await errorCode(res)]).toEqual([
        JSON.stringify(body),
        400,
        "invalid_request",
      ]);
    }
    const row = await keyRow(apiKeyId);
    expect([row?.quota_total, row?.allowed_models]).toEqual([null, null]);
  });

  test("another tenant's key is 404; null removes a limit; the operator sets limits with an audit row", async () => {
    const a = await stack.createTenant(1_000, "A");
    const b = await stack.createTenant(1_000, "B");
    expect((await setLimits(a.apiKey, b.apiKeyId, { quota_total: 5 })).status).toBe(404);
    expect((await keyRow(b.apiKeyId))?.quota_total).toBeNull();

    const { token } = await adminSession(stack);
    const res = await stack.app.request(`/admin/api/tenants/${b.tenant.id}/keys/${b.apiKeyId}/limits`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ quota_total: PRICE }),
    });
    expect(res.status).toBe(200);
    expect(Number((await keyRow(b.apiKeyId))?.quota_total)).toBe(PRICE);
    const audit = await stack.db.$client.execute({
      sql: "SELECT details FROM admin_audit WHERE action = 'key.limits' AND target_id = ?",
      args: [b.tenant.id],
    });
    expect(JSON.parse(String(audit.rows[0]?.details))).toMatchObject({ keyId: b.apiKeyId, quota_total: PRICE });
    const wrongTenant = await stack.app.request(`/admin/api/tenants/${a.tenant.id}/keys/${b.apiKeyId}/limits`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ quota_total: 1 }),
    });
    expect(wrongTenant.status).toBe(404);
    expect((await setLimits(b.apiKey, b.apiKeyId, { quota_total: null })).status).toBe(200);
    expect((await keyRow(b.apiKeyId))?.quota_total).toBeNull();
  });
});
