// The faster hot path (prepared statements on a second connection, group commit) still sees every change at once,
// on every instance: two server instances on one DB file (each with its own connections), changes made through one,
// the next billed call on the other. Also: concurrent calls from both instances bill exactly.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { openServerDb, type ServerDb } from "@waule/db/connect";
import { models, tenantModels, tenants } from "@waule/db/server";
import { eq } from "drizzle-orm";
import { revokeApiKey } from "../src/api-keys/api-keys";
import { createServerApp, type ServerApp } from "../src/app";
import { buildServerDeps } from "../src/build-deps";
import { type Stack, startStack } from "./support/stack";
import { balanceAndLedgerSum } from "./support/temp-db";

let stack: Stack;
let one: ServerApp;
let two: ServerApp;
let twoDb: ServerDb;

beforeAll(async () => {
  stack = await startStack();
  one = stack.app;
  twoDb = await openServerDb({ url: stack.dbUrl });
  const { limits: _limits, events: _events, ...base } = stack.deps;
  two = createServerApp(buildServerDeps({ ...base, db: twoDb }));
});
afterAll(async () => {
  twoDb.$client.close();
  await stack.stop();
});

const chat = (app: ServerApp, key: string, model = "sandbox-chat") =>
  app.request("/api/v1/chat/completions", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "Say hello" }] }),
  });

async function usageRows(db: ServerDb, tenantId: string) {
  const rs = await db.$client.execute({
    sql: "SELECT credits, model FROM usage_records WHERE tenant_id = ? ORDER BY created_at, id",
    args: [tenantId],
  });
  return rs.rows.map((r) => ({ credits: Number(r.credits), model: String(r.model) }));
}

describe("changes take effect at once on another instance", () => {
  test("a key revoked through one instance is refused by the other on its very next call, and nothing is billed", async () => {
    const { tenant, apiKey, apiKeyId } = await stack.createTenant(1_000, "Revoked");
    expect((await chat(two, apiKey)).status).toBe(200);
    const before = await balanceAndLedgerSum(stack.db, tenant.id);
    expect(await revokeApiKey({ db: stack.db, clock: stack.deps.clock }, apiKeyId)).toBe(true);
    const refused = await chat(two, apiKey);
    expect(refused.status).toBe(401);
    expect((await chat(one, apiKey)).status).toBe(401);
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual(before);
    expect(await usageRows(stack.db, tenant.id)).toHaveLength(1);
  });

  test("a disabled tenant is refused at once on the other instance, and served again once re-enabled", async () => {
    const { tenant, apiKey } = await stack.createTenant(1_000, "Disabled");
    expect((await chat(two, apiKey)).status).toBe(200);
    await stack.db.update(tenants).set({ isActive: false }).where(eq(tenants.id, tenant.id));
    expect((await chat(two, apiKey)).status).toBe(401);
    await stack.db.update(tenants).set({ isActive: true }).where(eq(tenants.id, tenant.id));
    expect((await chat(two, apiKey)).status).toBe(200);
    expect(await usageRows(stack.db, tenant.id)).toHaveLength(2);
  });

  test("a price change applies to the other instance's next call", async () => {
    const { tenant, apiKey } = await stack.createTenant(100_000, "Priced");
    await stack.db.insert(models).values({
      id: "fresh-chat",
      capability: "chat",
      provider: "sandbox",
      upstreamModel: "sandbox-chat",
      displayName: "Fresh chat",
      priceUnit: "per_1k_tokens",
      price: 1_000,
      createdAt: new Date(),
    });
    expect((await chat(two, apiKey, "fresh-chat")).status).toBe(200);
    await stack.db.update(models).set({ price: 2_000 }).where(eq(models.id, "fresh-chat"));
    expect((await chat(two, apiKey, "fresh-chat")).status).toBe(200);
    const [cheap, dear] = await usageRows(stack.db, tenant.id);
    // The sandbox answers the same prompt with the same tokens (a credit per token at 1000 per 1K): twice the price, twice the charge.
    expect(cheap!.credits).toBeGreaterThan(1);
    expect(dear!.credits).toBe(cheap!.credits * 2);
    await stack.db.update(models).set({ enabled: false }).where(eq(models.id, "fresh-chat"));
    expect((await chat(two, apiKey, "fresh-chat")).status).toBe(404);
  });

  test("a tenant's own model list applies to the other instance's next call", async () => {
    const { tenant, apiKey } = await stack.createTenant(1_000, "Listed");
    expect((await chat(two, apiKey)).status).toBe(200);
    await stack.db
      .insert(tenantModels)
      .values({ tenantId: tenant.id, modelId: "sandbox-image", createdAt: new Date() });
    expect((await chat(two, apiKey)).status).toBe(403);
    await stack.db.insert(tenantModels).values({ tenantId: tenant.id, modelId: "sandbox-chat", createdAt: new Date() });
    expect((await chat(two, apiKey)).status).toBe(200);
    await stack.db.delete(tenantModels).where(eq(tenantModels.tenantId, tenant.id));
    expect((await chat(two, apiKey)).status).toBe(200);
    expect(await usageRows(stack.db, tenant.id)).toHaveLength(3);
  });
});

describe("exact books under concurrency across instances", () => {
  test("60 calls at once, split over both instances, against credits for only some of them: never negative, one usage row per answered call, balance = credits - usage", async () => {
    const { tenant, apiKey } = await stack.createTenant(0, "Raced");
    // What one call holds, learned from a funded probe on another tenant (same prompt, same model).
    const probe = await stack.createTenant(1_000, "Probe");
    expect((await chat(one, probe.apiKey)).status).toBe(200);
    const held = Number(
      (
        await stack.db.$client.execute({
          sql: "SELECT amount FROM credit_holds WHERE tenant_id = ?",
          args: [probe.tenant.id],
        })
      ).rows[0]?.amount,
    );
    await stack.db.$client.execute({
      sql: "UPDATE tenants SET credits = ? WHERE id = ?",
      args: [held * 25, tenant.id],
    });
    await stack.db.$client.execute({
      sql: "INSERT INTO credit_ledger (tenant_id, kind, amount, balance_after, note, created_at) VALUES (?, 'recharge', ?, ?, 'test', ?)",
      args: [tenant.id, held * 25, held * 25, Date.now()],
    });
    const statuses = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (async () => (await chat(i % 2 ? two : one, apiKey)).status)()),
    );
    const answered = statuses.filter((s) => s === 200).length;
    expect(statuses.every((s) => s === 200 || s === 402)).toBe(true);
    expect(answered).toBeGreaterThan(0);
    const books = await balanceAndLedgerSum(stack.db, tenant.id);
    expect(books.balance).toBe(books.ledgerSum);
    expect(books.balance).toBeGreaterThanOrEqual(0);
    const rows = await usageRows(stack.db, tenant.id);
    expect(rows).toHaveLength(answered);
    expect(books.balance).toBe(held * 25 - rows.reduce((sum, r) => sum + r.credits, 0));
    const open = await stack.db.$client.execute({
      sql: "SELECT COUNT(*) AS n FROM credit_holds WHERE tenant_id = ? AND status = 'held'",
      args: [tenant.id],
    });
    expect(Number(open.rows[0]?.n)).toBe(0);
  });
});
