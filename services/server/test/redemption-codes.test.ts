// Redemption codes end to end: an operator's batch (codes shown once, hashes stored), redeems credited exactly once per
// use under races, refusals that all look alike, brute-force limits per tenant and per IP, disable, expiry and export.
import { afterEach, describe, expect, test } from "bun:test";
import { manualClock } from "@waule/shared/clock";
import { sweepCreditGrants } from "../src/billing/credit-expiry";
import { parseCsv } from "../src/http/csv";
import { adminSession, auditRows } from "./support/admin";
import { testRedis } from "./support/redis";
import { type Stack, type StackOptions, startStack } from "./support/stack";
import { balanceAndLedgerSum, tableCounts } from "./support/temp-db";

let stack: Stack;
afterEach(async () => {
  await stack?.stop();
});

const roomy = { REDEEM_MAX_FAILURES: "1000", REDEEM_IP_MAX_FAILURES: "1000" };

async function open(options: StackOptions = {}) {
  stack = await startStack({ ...options, serverEnv: { ...roomy, ...options.serverEnv } });
  return adminSession(stack);
}

function redeem(key: string, code: unknown, headers: Record<string, string> = {}) {
  return stack.app.request("/api/v1/redeem", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body: JSON.stringify({ code }),
  });
}

async function redemptionCounts() {
  const counts: Record<string, number> = {};
  for (const t of ["redemption_batches", "redemption_codes", "redemption_uses", "admin_audit"]) {
    const rs = await stack.db.$client.execute(`SELECT COUNT(*) AS n FROM ${t}`);
    counts[t] = Number(rs.rows[0]?.n);
  }
  return { ...counts, ...(await tableCounts(stack.db)) };
}

describe("redemption codes", () => {
  test("a batch answers its codes once; only hashes are stored; the list and the export show prefixes and uses", async () => {
    const { call, token } = await open();
    const created = await call("POST", "/redemption-codes", { count: 5, credits: 250, note: "expo 2026" });
    expect(created.status).toBe(201);
    const codes: string[] = created.body.codes;
    expect(codes).toHaveLength(5);
    expect(new Set(codes).size).toBe(5);
    expect(created.body.batch).toMatchObject({
      credits: 250,
      max_uses: 1,
      code_count: 5,
      uses: 0,
      state: "active",
      note: "expo 2026",
      created_by: "ops",
    });
    const id = created.body.batch.id;

    // No table holds a code (or its 16 characters) in the clear.
    const dump = JSON.stringify([
      (await stack.db.$client.execute("SELECT * FROM redemption_codes")).rows,
      (await stack.db.$client.execute("SELECT * FROM redemption_batches")).rows,
      await auditRows(stack),
    ]);
    for (const code of codes) expect(dump).not.toContain(code.slice(3).replaceAll("-", ""));
    expect((await auditRows(stack)).map((r) => [r.action, r.targetId, r.details.count])).toContainEqual([
      "redemption.create",
      id,
      5,
    ]);

    const { tenant, apiKey } = await stack.createTenant(10);
    const ok = await redeem(apiKey, codes[0]!.toLowerCase());
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ credits_added: 250, balance: 260 });
    expect(await balanceAndLedgerSum(stack.db, tenant.id)).toEqual({ balance: 260, ledgerSum: 260 });
    const ledger = await stack.db.$client.execute({
      sql: "SELECT kind, amount, balance_after, note FROM credit_ledger WHERE tenant_id = ? ORDER BY seq",
      args: [tenant.id],
    });
    expect(ledger.rows.at(-1)).toMatchObject({ kind: "redeem", amount: 250, balance_after: 260 });
    expect(String(ledger.rows.at(-1)?.note)).toBe(`${codes[0]!.slice(0, 7)} (${id})`);

    const list = await call("GET", "/redemption-codes");
    expect(list.body.data.map((b: any) => [b.id, b.uses, b.codes_used_up, b.state])).toEqual([[id, 1, 1, "active"]]);
    expect(JSON.stringify(list.body)).not.toContain(codes[1]);

    const res = await stack.app.request(`/admin/api/redemption-codes/${id}/export.csv`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const text = await res.text();
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([
      "batch_id",
      "code_prefix",
      "credits",
      "uses",
      "max_uses",
      "state",
      "expires_at",
      "last_used_at",
    ]);
    expect(rows.map((r) => r[1]).sort()).toEqual(codes.map((c) => c.slice(0, 7)).sort());
    const used = rows.filter((r) => r[3] === "1");
    expect(used.map((r) => [r[1], r[5]])).toEqual([[codes[0]!.slice(0, 7), "used_up"]]);
    for (const code of codes) expect(text).not.toContain(code);
    // A tenant key is not an operator.
    expect(
      (await stack.app.request("/admin/api/redemption-codes", { headers: { authorization: `Bearer ${apiKey}` } }))
        .status,
    ).toBe(401);
  });

  test("every refusal is the same 404: unknown, malformed, used, used by this tenant, disabled, expired", async () => {
    const clock = manualClock(Date.UTC(2026, 10, 20, 8));
    const { call } = await open({ clock });
    const oneUse = (await call("POST", "/redemption-codes", { count: 1, credits: 40 })).body;
    const twoUse = (await call("POST", "/redemption-codes", { count: 1, credits: 40, max_uses: 2 })).body;
    const disabled = (await call("POST", "/redemption-codes", { count: 1, credits: 40 })).body;
    const expiring = (
      await call("POST", "/redemption-codes", {
        count: 1,
        credits: 40,
        expires_at: new Date(clock.now() + 3_600_000).toISOString(),
      })
    ).body;
    const a = await stack.createTenant(0, "A");
    const b = await stack.createTenant(0, "B");
    expect((await redeem(a.apiKey, oneUse.codes[0])).status).toBe(200);
    expect((await redeem(a.apiKey, twoUse.codes[0])).status).toBe(200);
    const disable = await call("POST", `/redemption-codes/${disabled.batch.id}/disable`);
    expect(disable.body).toMatchObject({ state: "disabled" });
    expect((await call("POST", `/redemption-codes/${disabled.batch.id}/disable`)).status).toBe(200);
    clock.advance(2 * 3_600_000);

    const before = await redemptionCounts();
    const refusals = await Promise.all(
      [
        [b.apiKey, "WR-0000-0000-0000-0000"],
        [b.apiKey, "not a code"],
        [b.apiKey, oneUse.codes[0]],
        [a.apiKey, twoUse.codes[0]],
        [b.apiKey, disabled.codes[0]],
        [b.apiKey, expiring.codes[0]],
      ].map(async ([key, code]) => {
        const res = await redeem(key!, code);
        return { status: res.status, body: await res.json() };
      }),
    );
    expect(new Set(refusals.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(refusals[0]).toEqual({
      status: 404,
      body: {
        error: {
          code: "not_found",
          message: "this redemption code is not valid (unknown, expired, disabled or already used)",
        },
      },
    });
    expect(await redemptionCounts()).toEqual(before);
    // The two-use code still has its second use, for another tenant.
    expect((await redeem(b.apiKey, twoUse.codes[0])).status).toBe(200);
    expect(await balanceAndLedgerSum(stack.db, b.tenant.id)).toEqual({ balance: 40, ledgerSum: 40 });
    const states = Object.fromEntries(
      (await call("GET", "/redemption-codes")).body.data.map((x: any) => [x.id, x.state]),
    );
    expect(states).toEqual({
      [oneUse.batch.id]: "used_up",
      [twoUse.batch.id]: "used_up",
      [disabled.batch.id]: "disabled",
      [expiring.batch.id]: "expired",
    });
    expect((await call("GET", "/redemption-codes?state=expired")).body.data.map((x: any) => x.id)).toEqual([
      expiring.batch.id,
    ]);
    expect((await auditRows(stack)).filter((r) => r.action === "redemption.disable")).toHaveLength(1);
  });

  test("bad batch requests are 400 and write nothing; an unknown batch is 404", async () => {
    const { call } = await open();
    const before = await redemptionCounts();
    for (const body of [
      { count: 0, credits: 10 },
      { count: 1001, credits: 10 },
      { count: 2, credits: 0 },
      { count: 2, credits: 1.5 },
      { count: 2, credits: 10, max_uses: 0 },
      { count: 2, credits: 10, expires_at: "tomorrow" },
      { count: 2, credits: 10, expires_at: "2001-01-01T00:00:00Z" },
      { count: 2, credits: 10, codes: ["mine"] },
      { count: 2, credits: 10, validity_days: 0 },
      { count: 2, credits: 10, validity_days: 2.5 },
      { credits: 10 },
    ]) {
      const res = await call("POST", "/redemption-codes", body);
      expect([res.status, res.body.error.code]).toEqual([400, "invalid_request"]);
    }
    expect(await redemptionCounts()).toEqual(before);
    expect((await call("GET", "/redemption-codes?state=gone")).status).toBe(400);
    expect((await call("POST", "/redemption-codes/rcb_missing/disable")).status).toBe(404);
    expect((await call("GET", "/redemption-codes/rcb_missing/export.csv")).status).toBe(404);
    const { apiKey } = await stack.createTenant(0);
    for (const body of [{}, { code: "" }, { code: 7 }, { code: "x", extra: 1 }]) {
      const res = await stack.app.request("/api/v1/redeem", {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
    }
    expect(await redemptionCounts()).toEqual({
      ...before,
      tenants: before.tenants! + 1,
      tenant_api_keys: before.tenant_api_keys! + 1,
    });
  });

  test("a batch with a validity gives each use a credit grant that the sweep spends first and expires once", async () => {
    const clock = manualClock(Date.UTC(2026, 11, 1, 8));
    const { call } = await open({ clock });
    const created = await call("POST", "/redemption-codes", { count: 1, credits: 300, max_uses: 2, validity_days: 7 });
    expect([created.status, created.body.batch.validity_days]).toEqual([201, 7]);
    const code: string = created.body.codes[0];
    const a = await stack.createTenant(100, "A");
    const b = await stack.createTenant(0, "B");
    // Two tenants at once on a two-use code: one grant each, none twice.
    const answers = await Promise.all([redeem(a.apiKey, code), redeem(b.apiKey, code), redeem(a.apiKey, code)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 404]);
    const grants = await stack.db.$client.execute(
      "SELECT tenant_id, credits, remaining, expires_at FROM credit_grants WHERE source = 'redeem' ORDER BY tenant_id",
    );
    expect(grants.rows.map((r) => [r.tenant_id, Number(r.credits), Number(r.expires_at)]).sort()).toEqual(
      [
        [a.tenant.id, 300, clock.now() + 7 * 86_400_000],
        [b.tenant.id, 300, clock.now() + 7 * 86_400_000],
      ].sort(),
    );
    const listed = await stack.app.request("/api/v1/credits/expiring", {
      headers: { authorization: `Bearer ${a.apiKey}` },
    });
    expect(((await listed.json()) as { data: { remaining: number; source: string }[] }).data).toMatchObject([
      { remaining: 300, source: "redeem" },
    ]);
    clock.advance(8 * 86_400_000);
    await sweepCreditGrants({ db: stack.db, now: clock.now() });
    expect(await balanceAndLedgerSum(stack.db, a.tenant.id)).toEqual({ balance: 100, ledgerSum: 100 });
    expect(await balanceAndLedgerSum(stack.db, b.tenant.id)).toEqual({ balance: 0, ledgerSum: 0 });
    const expiry = await stack.db.$client.execute("SELECT amount FROM credit_ledger WHERE kind = 'expiry'");
    expect(expiry.rows.map((r) => Number(r.amount))).toEqual([-300, -300]);
  });

  test("parallel redeems: a one-use code credits once; an N-use code credits N tenants once each", async () => {
    const { call } = await open();
    const single = (await call("POST", "/redemption-codes", { count: 1, credits: 100 })).body.codes[0];
    const shared = (await call("POST", "/redemption-codes", { count: 1, credits: 30, max_uses: 5 })).body.codes[0];
    const racer = await stack.createTenant(0, "Racer");
    const oneCode = await Promise.all(Array.from({ length: 40 }, () => redeem(racer.apiKey, single)));
    expect(oneCode.map((r) => r.status).filter((s) => s === 200)).toHaveLength(1);
    expect(oneCode.map((r) => r.status).filter((s) => s === 404)).toHaveLength(39);
    expect(await balanceAndLedgerSum(stack.db, racer.tenant.id)).toEqual({ balance: 100, ledgerSum: 100 });

    // Twelve tenants, each racing itself three times, on a five-use code.
    const tenants = await Promise.all(Array.from({ length: 12 }, (_, i) => stack.createTenant(0, `T${i}`)));
    const answers = await Promise.all(
      tenants.flatMap((t) =>
        [0, 1, 2].map(async () => ({ tenant: t.tenant.id, status: (await redeem(t.apiKey, shared)).status })),
      ),
    );
    const winners = answers.filter((a) => a.status === 200).map((a) => a.tenant);
    expect(winners).toHaveLength(5);
    expect(new Set(winners).size).toBe(5);
    for (const t of tenants) {
      const expected = winners.includes(t.tenant.id) ? 30 : 0;
      expect(await balanceAndLedgerSum(stack.db, t.tenant.id)).toEqual({ balance: expected, ledgerSum: expected });
    }
    const rs = await stack.db.$client.execute(
      "SELECT (SELECT SUM(uses) FROM redemption_codes) AS uses, (SELECT COUNT(*) FROM redemption_uses) AS rows, (SELECT COUNT(*) FROM credit_ledger WHERE kind = 'redeem') AS ledger",
    );
    expect(rs.rows[0]).toMatchObject({ uses: 6, rows: 6, ledger: 6 });
  });

  for (const where of ["in-process", "Redis"] as const) {
    test(`guessing is limited per tenant and per IP (${where}); a working code gives its attempt back`, async () => {
      const redis = where === "Redis" ? testRedis("redeem-limits") : null;
      try {
        const { call } = await open({
          redis: redis ? await redis.connect() : undefined,
          serverEnv: { REDEEM_MAX_FAILURES: "3", REDEEM_IP_MAX_FAILURES: "5", TRUST_PROXY: "true" },
        });
        const codes: string[] = (await call("POST", "/redemption-codes", { count: 3, credits: 10 })).body.codes;
        const a = await stack.createTenant(0, "A");
        const ip = (n: number) => ({ "x-forwarded-for": `203.0.113.${n}` });
        // A working code before any failure does not count.
        expect((await redeem(a.apiKey, codes[0], ip(1))).status).toBe(200);
        for (let i = 0; i < 3; i++)
          expect((await redeem(a.apiKey, `WR-0000-0000-0000-000${i}`, ip(1))).status).toBe(404);
        const locked = await redeem(a.apiKey, codes[1], ip(2));
        expect(locked.status).toBe(429);
        expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(((await locked.json()) as any).error.code).toBe("rate_limited");
        expect(await balanceAndLedgerSum(stack.db, a.tenant.id)).toEqual({ balance: 10, ledgerSum: 10 });

        // Per IP: other tenants guessing from 203.0.113.1 use up its 5 (3 already spent by A).
        const b = await stack.createTenant(0, "B");
        const c = await stack.createTenant(0, "C");
        expect((await redeem(b.apiKey, "WR-1111-1111-1111-1111", ip(1))).status).toBe(404);
        expect((await redeem(c.apiKey, "WR-2222-2222-2222-2222", ip(1))).status).toBe(404);
        expect((await redeem(c.apiKey, codes[1], ip(1))).status).toBe(429);
        // The same tenant from another address is fine.
        expect((await redeem(c.apiKey, codes[1], ip(3))).status).toBe(200);
        if (redis) expect((await redis.keys()).some((k) => k.includes("cc:redeem:tenant:"))).toBe(true);
      } finally {
        await redis?.cleanup();
      }
    });
  }
});
