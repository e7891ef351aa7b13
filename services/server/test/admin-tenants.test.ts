// /admin/api tenants: creation with a key shown once, credits through the ledger, seats, keys, and the audit of every write.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { adminSession, auditRows } from "./support/admin";
import { type Stack, startStack } from "./support/stack";
import { balanceAndLedgerSum, tableCounts } from "./support/temp-db";

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack.stop();
});

describe("admin tenants and credits", () => {
  test("creating a tenant answers its first key once; the key works; the list searches and sorts", async () => {
    const { call } = await adminSession(stack);
    const created = await call("POST", "/tenants", { name: "Acme", credits: 100, maxUsers: 3 });
    expect(created.status).toBe(201);
    expect(created.body.apiKey).toMatch(/^wk_live_/);
    expect(created.body.tenant).toMatchObject({ name: "Acme", credits: 100, maxUsers: 3, isActive: true });
    const me = await stack.app.request("/api/v1/me", { headers: { authorization: `Bearer ${created.body.apiKey}` } });
    expect(((await me.json()) as any).tenant.credits).toBe(100);
    // The key list shows only its prefix afterwards.
    const keys = await call("GET", `/tenants/${created.body.tenant.id}/keys`);
    expect(keys.body.data).toHaveLength(1);
    expect(JSON.stringify(keys.body)).not.toContain(created.body.apiKey);
    expect(created.body.apiKey.startsWith(keys.body.data[0].prefix)).toBe(true);

    await call("POST", "/tenants", { name: "Beta", credits: 5 });
    await call("POST", "/tenants", { name: "Acme 2", credits: 50 });
    const search = await call("GET", "/tenants?q=acme&sort=credits&order=asc");
    expect(search.body.data.map((t: any) => t.name)).toEqual(["Acme 2", "Acme"]);
    expect(search.body.total).toBe(2);
    const page = await call("GET", "/tenants?sort=name&order=asc&limit=2&page=2");
    expect(page.body.data.map((t: any) => t.name)).toEqual(["Beta"]);
    expect(page.body.total).toBe(3);
    // A typed % matches a literal percent sign, not everything.
    await call("POST", "/tenants", { name: "100% Co" });
    expect((await call("GET", "/tenants?q=%25")).body.data.map((t: any) => t.name)).toEqual(["100% Co"]);
  });

  test("deactivating a tenant refuses its key at once; activating lets it back in", async () => {
    const { call } = await adminSession(stack);
    const { body } = await call("POST", "/tenants", { name: "Acme" });
    const me = () => stack.app.request("/api/v1/me", { headers: { authorization: `Bearer ${body.apiKey}` } });
    expect((await call("PATCH", `/tenants/${body.tenant.id}`, { isActive: false })).body.isActive).toBe(false);
    expect((await me()).status).toBe(401);
    expect((await call("GET", "/tenants?active=false")).body.data.map((t: any) => t.id)).toEqual([body.tenant.id]);
    await call("PATCH", `/tenants/${body.tenant.id}`, { isActive: true });
    expect((await me()).status).toBe(200);
    expect((await call("PATCH", `/tenants/${body.tenant.id}`, { name: "" })).status).toBe(400);
    expect((await call("PATCH", "/tenants/tnt_missing", { name: "x" })).status).toBe(404);
  });

  test("recharge and adjust move the balance with one ledger row each; balance always equals the ledger sum", async () => {
    const { call } = await adminSession(stack);
    const { body } = await call("POST", "/tenants", { name: "Acme", credits: 0 });
    const id = body.tenant.id;
    const r = await call("POST", `/tenants/${id}/recharge`, { credits: 500, note: "invoice 7" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      balance: 500,
      entry: { kind: "recharge", amount: 500, balanceAfter: 500, note: "invoice 7" },
    });
    const a = await call("POST", `/tenants/${id}/adjust`, { credits: -120, note: "refund correction" });
    expect(a.body).toMatchObject({ balance: 380, entry: { kind: "adjust", amount: -120, balanceAfter: 380 } });
    expect(await balanceAndLedgerSum(stack.db, id)).toEqual({ balance: 380, ledgerSum: 380 });
    const ledger = await call("GET", `/tenants/${id}/ledger?order=asc`);
    expect(ledger.body.data.map((e: any) => [e.kind, e.amount, e.note])).toEqual([
      ["recharge", 500, "invoice 7"],
      ["adjust", -120, "refund correction"],
    ]);
    const detail = await call("GET", `/tenants/${id}`);
    expect(detail.body.tenant.credits).toBe(380);
    // Each change's audit row (written in the ledger's batch) names the ledger row and the balance after it.
    const audits = (await auditRows(stack)).filter(
      (row) => row.action === "tenant.recharge" || row.action === "tenant.adjust",
    );
    expect(audits.map((row) => [row.action, row.targetId, row.details])).toEqual([
      ["tenant.recharge", id, { credits: 500, note: "invoice 7", balance: 500, ledgerSeq: r.body.entry.seq }],
      ["tenant.adjust", id, { credits: -120, note: "refund correction", balance: 380, ledgerSeq: a.body.entry.seq }],
    ]);
  });

  test("an adjustment below zero, a negative recharge, a missing note or a zero are refused and write nothing", async () => {
    const { call } = await adminSession(stack);
    const { body } = await call("POST", "/tenants", { name: "Acme", credits: 100 });
    const id = body.tenant.id;
    const before = await tableCounts(stack.db);
    const auditBefore = (await auditRows(stack)).length;
    const below = await call("POST", `/tenants/${id}/adjust`, { credits: -101, note: "too much" });
    expect(below.status).toBe(402);
    expect(below.body.error.code).toBe("insufficient_credits");
    for (const [path, payload] of [
      ["recharge", { credits: -5, note: "x" }],
      ["recharge", { credits: 5 }],
      ["adjust", { credits: 0, note: "x" }],
      ["adjust", { credits: 1.5, note: "x" }],
      ["recharge", { credits: 5, note: "x", extra: 1 }],
    ] as const) {
      const res = await call("POST", `/tenants/${id}/${path}`, payload);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("invalid_request");
    }
    expect(await tableCounts(stack.db)).toEqual(before);
    expect((await auditRows(stack)).length).toBe(auditBefore);
    expect(await balanceAndLedgerSum(stack.db, id)).toEqual({ balance: 100, ledgerSum: 100 });
    expect((await call("POST", "/tenants/tnt_nope/recharge", { credits: 5, note: "x" })).status).toBe(404);
  });

  test("the seat limit holds: no active user past maxUsers, and the limit cannot drop below the active users", async () => {
    const { call } = await adminSession(stack);
    const { body } = await call("POST", "/tenants", { name: "Acme", maxUsers: 2 });
    const id = body.tenant.id;
    expect((await call("POST", `/tenants/${id}/users`, { username: "alice", password: "alice-password" })).status).toBe(
      201,
    );
    expect(
      (await call("POST", `/tenants/${id}/users`, { username: "bob", password: "bob-password", role: "admin" })).status,
    ).toBe(201);
    const third = await call("POST", `/tenants/${id}/users`, { username: "carol", password: "carol-password" });
    // The same refusal as tenant self-service (users/seats.ts): 409 seats_full.
    expect(third.status).toBe(409);
    expect(third.body.error.details).toEqual({ reason: "seats_full", used: 2, max: 2 });
    const users = await call("GET", `/tenants/${id}/users`);
    expect(users.body.seats).toEqual({ used: 2, max: 2 });
    expect(users.body.data.map((u: any) => [u.username, u.role])).toEqual([
      ["alice", "member"],
      ["bob", "admin"],
    ]);
    expect((await call("PATCH", `/tenants/${id}`, { maxUsers: 1 })).status).toBe(409);
    expect((await call("PATCH", `/tenants/${id}`, { maxUsers: 3 })).body.maxUsers).toBe(3);
    const carol = await call("POST", `/tenants/${id}/users`, { username: "carol", password: "carol-password" });
    expect(carol.status).toBe(201);
    // Seats are held by active users: a deactivated one frees its seat, and reactivating needs a free one.
    const alice = users.body.data.find((u: any) => u.username === "alice");
    expect((await call("PATCH", `/tenants/${id}/users/${alice.id}`, { isActive: false })).status).toBe(200);
    expect((await call("GET", `/tenants/${id}/users`)).body.seats).toEqual({ used: 2, max: 3 });
    expect((await call("PATCH", `/tenants/${id}`, { maxUsers: 2 })).body.maxUsers).toBe(2);
    expect((await call("PATCH", `/tenants/${id}`, { maxUsers: 1 })).status).toBe(409);
    expect((await call("POST", `/tenants/${id}/users`, { username: "dave", password: "dave-password" })).status).toBe(
      409,
    );
    const back = await call("PATCH", `/tenants/${id}/users/${alice.id}`, { isActive: true });
    expect(back.status).toBe(409);
    expect(back.body.error.details.reason).toBe("seats_full");
    const rows = await stack.db.$client.execute({
      sql: "SELECT username, is_active FROM tenant_users WHERE tenant_id = ? ORDER BY username",
      args: [id],
    });
    expect(rows.rows.map((r) => [r.username, Number(r.is_active)])).toEqual([
      ["alice", 0],
      ["bob", 1],
      ["carol", 1],
    ]);
    expect(
      (await stack.db.$client.execute({ sql: "SELECT max_users FROM tenants WHERE id = ?", args: [id] })).rows[0]
        ?.max_users,
    ).toBe(2);
  });

  test("the operator cannot deactivate or demote a tenant's last active admin", async () => {
    const { call } = await adminSession(stack);
    const id = (await call("POST", "/tenants", { name: "Acme" })).body.tenant.id;
    const boss = (
      await call("POST", `/tenants/${id}/users`, { username: "boss", password: "boss-password", role: "admin" })
    ).body;
    for (const change of [{ isActive: false }, { role: "member" }]) {
      const res = await call("PATCH", `/tenants/${id}/users/${boss.id}`, change);
      expect(res.status).toBe(409);
      expect(res.body.error.details).toEqual({ reason: "last_admin" });
    }
    const row = await stack.db.$client.execute({
      sql: "SELECT role, is_active FROM tenant_users WHERE id = ?",
      args: [boss.id],
    });
    expect([row.rows[0]?.role, Number(row.rows[0]?.is_active)]).toEqual(["admin", 1]);
  });

  test("users can be deactivated and have their password reset; the tenant login follows", async () => {
    const { call } = await adminSession(stack);
    const { body } = await call("POST", "/tenants", { name: "Acme" });
    const id = body.tenant.id;
    const apiKey = body.apiKey;
    const user = (await call("POST", `/tenants/${id}/users`, { username: "alice", password: "alice-password" })).body;
    const login = (password: string) =>
      stack.app.request("/api/v1/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ apiKey, username: "alice", password }),
      });
    expect((await login("alice-password")).status).toBe(200);
    expect((await call("PATCH", `/tenants/${id}/users/${user.id}`, { password: "new-alice-password" })).status).toBe(
      200,
    );
    expect((await login("alice-password")).status).toBe(401);
    expect((await login("new-alice-password")).status).toBe(200);
    expect((await call("PATCH", `/tenants/${id}/users/${user.id}`, { isActive: false })).body.isActive).toBe(false);
    expect((await login("new-alice-password")).status).toBe(401);
    // Another tenant's user id is not reachable through this tenant.
    const other = (await call("POST", "/tenants", { name: "Other" })).body.tenant.id;
    expect((await call("PATCH", `/tenants/${other}/users/${user.id}`, { isActive: true })).status).toBe(404);
  });

  test("a key made by an operator is shown once and works; revoking it refuses its next request", async () => {
    const { call } = await adminSession(stack);
    const { body } = await call("POST", "/tenants", { name: "Acme" });
    const id = body.tenant.id;
    const made = await call("POST", `/tenants/${id}/keys`, { name: "backend" });
    expect(made.status).toBe(201);
    const me = () => stack.app.request("/api/v1/me", { headers: { authorization: `Bearer ${made.body.key}` } });
    expect((await me()).status).toBe(200);
    expect((await call("POST", `/tenants/${id}/keys/${made.body.apiKey.id}/revoke`)).status).toBe(200);
    expect((await me()).status).toBe(401);
    expect((await call("POST", `/tenants/${id}/keys/${made.body.apiKey.id}/revoke`)).status).toBe(409);
  });

  test("an operator cannot revoke a tenant's last live key, but can rotate it by create-then-revoke", async () => {
    const { call } = await adminSession(stack);
    const { body } = await call("POST", "/tenants", { name: "Acme" });
    const id = body.tenant.id;
    const keys = async () => (await call("GET", `/tenants/${id}/keys`)).body.data as { id: string; revokedAt: null }[];
    const [only] = await keys();
    const refused = await call("POST", `/tenants/${id}/keys/${only!.id}/revoke`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toEqual({ reason: "last_key" });
    expect((await keys()).map((k) => k.revokedAt)).toEqual([null]);
    const auditCount = (await auditRows(stack)).filter((r) => r.action === "key.revoke").length;
    expect(auditCount).toBe(0);

    const next = await call("POST", `/tenants/${id}/keys`, { name: "next" });
    expect((await call("POST", `/tenants/${id}/keys/${only!.id}/revoke`)).status).toBe(200);
    const live = (await keys()).filter((k) => k.revokedAt === null).map((k) => k.id);
    expect(live).toEqual([next.body.apiKey.id]);
  });

  test("every write is in the audit trail with who, what and which target; the trail is listable", async () => {
    const { call, admin } = await adminSession(stack);
    const id = (await call("POST", "/tenants", { name: "Acme", credits: 10 })).body.tenant.id;
    await call("PATCH", `/tenants/${id}`, { name: "Acme Ltd", isActive: true });
    await call("POST", `/tenants/${id}/recharge`, { credits: 5, note: "r" });
    await call("POST", `/tenants/${id}/adjust`, { credits: -3, note: "a" });
    const key = (await call("POST", `/tenants/${id}/keys`, { name: "k" })).body.apiKey.id;
    await call("POST", `/tenants/${id}/keys/${key}/revoke`);
    const user = (await call("POST", `/tenants/${id}/users`, { username: "alice", password: "alice-password" })).body
      .id;
    await call("PATCH", `/tenants/${id}/users/${user}`, { password: "another-password" });
    await call("PUT", `/tenants/${id}/models`, { models: ["sandbox-chat"] });
    await call("PATCH", "/models/sandbox-image", { price: 12 });
    await call("POST", "/models", {
      id: "extra-image",
      capability: "image",
      provider: "sandbox",
      upstreamModel: "x",
      displayName: "Extra",
      priceUnit: "per_image",
      price: 3,
    });
    const rows = await auditRows(stack);
    expect(rows.map((r) => [r.action, r.targetId])).toEqual([
      ["tenant.create", id],
      ["tenant.update", id],
      ["tenant.recharge", id],
      ["tenant.adjust", id],
      ["key.create", id],
      ["key.revoke", id],
      ["user.create", id],
      ["user.update", id],
      ["tenant.models", id],
      ["model.update", "sandbox-image"],
      ["model.create", "extra-image"],
    ]);
    expect(rows.every((r) => r.adminId === admin.id)).toBe(true);
    expect(rows[9]?.details).toEqual({ changes: { price: 12 }, previous: { price: 10 } });
    // A tenant change is recorded as a before/after pair of the fields it changed.
    const update = rows[1]?.details as { changes: Record<string, unknown>; previous: Record<string, unknown> };
    expect(Object.keys(update.previous).sort()).toEqual(Object.keys(update.changes).sort());
    expect(update.previous).not.toEqual(update.changes);
    // A reset password is recorded as reset, never as its value.
    expect(JSON.stringify(rows[7]?.details)).not.toContain("another-password");
    expect(rows[7]?.details).toMatchObject({ passwordReset: true });
    const listed = await call("GET", `/audit?targetId=${id}&limit=5`);
    expect(listed.body.total).toBe(9);
    expect(listed.body.data[0]).toMatchObject({ action: "tenant.models", adminUsername: "ops" });
  });
});
