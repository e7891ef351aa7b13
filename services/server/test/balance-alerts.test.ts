// Low-balance alerts: one signed `balance.low` per crossing whatever the race, re-armed only by credits coming in,
// delivered by the webhook dispatcher, and no extra database work on a spend that does not cross.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { holdCredits, releaseHold } from "../src/billing/ledger";
import { creditPaidOrder } from "../src/billing/purchase";
import { createWebhookDispatcher } from "../src/webhooks/dispatcher";
import { verifyWebhook, WEBHOOK_SIGNATURE_HEADER } from "../src/webhooks/signature";
import { adminSession } from "./support/admin";
import { postImages, type Stack, startStack } from "./support/stack";

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack.stop();
});

const json = async (key: string, method: string, path: string, body?: unknown): Promise<Response> =>
  stack.app.request(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const image = async (key: string): Promise<Response> =>
  postImages(stack, key, { model: "sandbox-image", prompt: "fox", size: "64x64" });

async function events(tenantId: string) {
  const rs = await stack.db.$client.execute({
    sql: "SELECT id, type, data, webhook_status FROM tenant_events WHERE tenant_id = ? ORDER BY created_at, id",
    args: [tenantId],
  });
  return rs.rows.map((r) => ({ id: String(r.id), data: JSON.parse(String(r.data)), status: r.webhook_status }));
}

function receiver() {
  const calls: { body: string; signature: string | null; event: string | null }[] = [];
  const fetchFn = (async (_url: string, init: RequestInit) => {
    const headers = new Headers(init.headers);
    calls.push({
      body: String(init.body),
      signature: headers.get(WEBHOOK_SIGNATURE_HEADER),
      event: headers.get("x-waule-event"),
    });
    return new Response("ok");
  }) as unknown as typeof fetch;
  return { calls, fetchFn };
}

describe("low-balance alerts", () => {
  test("crossing the threshold sends one signed balance.low; staying below sends nothing more; a top-up re-arms it", async () => {
    const { tenant, apiKey } = await stack.createTenant(100);
    const secret = ((await (await json(apiKey, "PUT", "/webhooks", { url: "https://hooks.example/w" })).json()) as any)
      .secret;
    const set = await json(apiKey, "PUT", "/tenant/balance-alert", { threshold: 50 });
    expect(await set.json()).toEqual({ threshold: 50, balance: 100, low: false, alerted: false });
    for (let i = 0; i < 5; i++) expect((await image(apiKey)).status).toBe(200);
    expect(await events(tenant.id)).toEqual([]); // 50 is not below 50
    expect((await image(apiKey)).status).toBe(200);
    expect((await image(apiKey)).status).toBe(200);
    const queued = await events(tenant.id);
    expect(queued.map((e) => [e.data, e.status])).toEqual([
      [{ tenant_id: tenant.id, balance: 40, threshold: 50 }, "pending"],
    ]);
    expect(await (await json(apiKey, "GET", "/tenant/balance-alert")).json()).toEqual({
      threshold: 50,
      balance: 30,
      low: true,
      alerted: true,
    });
    expect(((await (await json(apiKey, "GET", "/me")).json()) as any).tenant.lowBalanceThreshold).toBe(50);

    const r = receiver();
    const now = Date.now();
    const dispatcher = createWebhookDispatcher({
      db: stack.db,
      clock: { now: () => now },
      encryptionKey: stack.config.CONFIG_ENCRYPTION_KEY,
      fetch: r.fetchFn,
      policy: { maxAttempts: 2, baseDelayMs: 1, factor: 1, maxDelayMs: 1, timeoutMs: 1_000 },
    });
    await dispatcher.tick();
    await dispatcher.drain();
    await dispatcher.tick();
    await dispatcher.drain();
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0]!.event).toBe("balance.low");
    expect(verifyWebhook(secret, r.calls[0]!.body, r.calls[0]!.signature, { nowSeconds: now / 1000 }).ok).toBe(true);
    expect(JSON.parse(r.calls[0]!.body)).toMatchObject({
      id: queued[0]!.id,
      object: "event",
      type: "balance.low",
      data: { tenant_id: tenant.id, balance: 40, threshold: 50 },
    });
    expect((await events(tenant.id))[0]!.status).toBe("delivered");
    const deliveries = (await (await json(apiKey, "GET", "/webhooks/deliveries")).json()) as any;
    expect(deliveries.data.map((d: any) => [d.event_id, d.succeeded])).toEqual([[queued[0]!.id, true]]);

    // A refunded hold lifting the balance back does not re-arm; an operator's recharge does.
    await holdCredits(
      { db: stack.db, now: Date.now() },
      { tenantId: tenant.id, holdId: "h1", amount: 25, requestId: null },
    );
    await releaseHold({ db: stack.db, now: Date.now() }, "h1");
    const { call } = await adminSession(stack);
    expect((await call("POST", `/tenants/${tenant.id}/recharge`, { credits: 10, note: "not enough" })).status).toBe(
      200,
    );
    expect((await image(apiKey)).status).toBe(200);
    expect(await events(tenant.id)).toHaveLength(1);
    expect((await call("POST", `/tenants/${tenant.id}/recharge`, { credits: 100, note: "top-up" })).status).toBe(200);
    expect(((await json(apiKey, "GET", "/tenant/balance-alert").then((x) => x.json())) as any).alerted).toBe(false);
    for (let i = 0; i < 9; i++) expect((await image(apiKey)).status).toBe(200);
    expect((await events(tenant.id)).map((e) => e.data.balance)).toEqual([40, 40]);
  });

  test("twenty parallel spends crossing together queue exactly one event; without a webhook URL it is kept, not sent", async () => {
    const { tenant, apiKey } = await stack.createTenant(205);
    await json(apiKey, "PUT", "/tenant/balance-alert", { threshold: 200 });
    const statuses = await Promise.all(Array.from({ length: 20 }, () => image(apiKey).then((x) => x.status)));
    expect(statuses.every((s) => s === 200)).toBe(true);
    const queued = await events(tenant.id);
    expect(queued).toHaveLength(1);
    expect(queued[0]!.status).toBeNull();
    expect(queued[0]!.data.balance).toBeLessThan(200);
  });

  test("a spend that does not cross runs no more statements than one with no alert set", async () => {
    const { apiKey } = await stack.createTenant(1000);
    const client = stack.db.$client;
    let statements = 0;
    const execute = client.execute.bind(client);
    const batch = client.batch.bind(client);
    client.execute = ((...args: Parameters<typeof execute>) => {
      statements++;
      return execute(...args);
    }) as typeof client.execute;
    client.batch = ((stmts: Parameters<typeof batch>[0], mode?: Parameters<typeof batch>[1]) => {
      statements += stmts.length;
      return batch(stmts, mode);
    }) as typeof client.batch;
    // The hot path's prepared statements and group commit count too.
    const sql = stack.db.$sql;
    const get = sql.get.bind(sql);
    const all = sql.all.bind(sql);
    const write = sql.write.bind(sql);
    sql.get = (query, args) => {
      statements++;
      return get(query, args);
    };
    sql.all = (query, args) => {
      statements++;
      return all(query, args);
    };
    sql.write = (stmts) => {
      statements += stmts.length;
      return write(stmts);
    };
    const count = async () => {
      statements = 0;
      expect((await image(apiKey)).status).toBe(200);
      return statements;
    };
    await count(); // warm caches (model catalogue)
    const without = await count();
    await json(apiKey, "PUT", "/tenant/balance-alert", { threshold: 10 });
    const withAlert = await count();
    expect(without).toBeGreaterThan(0);
    expect(withAlert).toBe(without);
  });

  test("a paid order that lifts the balance back to the threshold re-arms the alert", async () => {
    const { tenant, apiKey } = await stack.createTenant(60);
    await json(apiKey, "PUT", "/tenant/balance-alert", { threshold: 50 });
    expect((await image(apiKey)).status).toBe(200);
    expect((await image(apiKey)).status).toBe(200); // 40: below, alerted
    const alerted = async () =>
      (
        await stack.db.$client.execute({
          sql: "SELECT low_balance_alerted_at FROM tenants WHERE id = ?",
          args: [tenant.id],
        })
      ).rows[0]?.low_balance_alerted_at;
    expect(await alerted()).not.toBeNull();
    const now = Date.now();
    await stack.db.$client.execute({
      sql: `INSERT INTO orders (id, tenant_id, package_id, package_name, provider, status, amount, currency, credits,
              bonus_credits, created_at, updated_at, expires_at)
            VALUES ('ord_rearm', ?, 'pkg_x', 'Starter', 'stripe', 'created', 990, 'USD', 100, 0, ?, ?, ?)`,
      args: [tenant.id, now, now, now + 3_600_000],
    });
    const order = { id: "ord_rearm", tenantId: tenant.id, amount: 990, currency: "USD" as const, credits: 100 };
    const outcome = await creditPaidOrder(
      { db: stack.db, now },
      { ...order, bonusCredits: 0, packageName: "Starter" },
      { providerRef: "cs_1" },
    );
    expect(outcome).toMatchObject({ credited: true, balance: 140 });
    expect(await alerted()).toBeNull();
  });

  test("bad thresholds are 400 and change nothing; null turns the alert off", async () => {
    const { tenant, apiKey } = await stack.createTenant(100);
    await json(apiKey, "PUT", "/tenant/balance-alert", { threshold: 30 });
    for (const body of [
      { threshold: 0 },
      { threshold: -5 },
      { threshold: 1.5 },
      { threshold: "10" },
      {},
      { threshold: 5, x: 1 },
    ]) {
      const res = await json(apiKey, "PUT", "/tenant/balance-alert", body);
      expect([res.status, ((await res.json()) as any).error.code]).toEqual([400, "invalid_request"]);
    }
    const rs = await stack.db.$client.execute({
      sql: "SELECT low_balance_threshold FROM tenants WHERE id = ?",
      args: [tenant.id],
    });
    expect(Number(rs.rows[0]?.low_balance_threshold)).toBe(30);
    expect(await (await json(apiKey, "PUT", "/tenant/balance-alert", { threshold: null })).json()).toMatchObject({
      threshold: null,
      low: false,
    });
  });
});
