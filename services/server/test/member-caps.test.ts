// Per-member spending caps through the real server app: set by a tenant admin, enforced in the hold's own update (raced).
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { manualClock, randomIds } from "@waule/shared/clock";
import { createTenant } from "../src/tenants/tenants";
import { addTenantUser } from "../src/users/users";
import { adminSession } from "./support/admin";
import { postImages, type Stack, startStack } from "./support/stack";
import { balanceAndLedgerSum } from "./support/temp-db";

const START = Date.UTC(2026, 10, 30, 22, 0, 0);
const clock = manualClock(START);
const PASSWORD = "correct horse battery";
const IMAGE = { model: "sandbox-image", prompt: "fox", size: "64x64" };
const PRICE = 10;
let stack: Stack;
beforeEach(async () => {
  clock.set(START);
  stack = await startStack({ clock });
});
afterEach(async () => {
  await stack.stop();
});

async function team(credits = 10_000) {
  const ctx = { db: stack.db, clock, ids: randomIds };
  const created = await createTenant(ctx, { name: "Acme", credits });
  const admin = await addTenantUser(ctx, {
    tenantId: created.tenant.id,
    username: "ada",
    password: PASSWORD,
    admin: true,
  });
  const member = await addTenantUser(ctx, { tenantId: created.tenant.id, username: "max", password: PASSWORD });
  const token = async (username: string) => {
    const res = await stack.app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ apiKey: created.apiKey, username, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { token: string }).token;
  };
  return { ...created, admin, member, adminToken: await token("ada"), memberToken: await token("max") };
}

function setCaps(credential: string, userId: string, body: unknown) {
  return stack.app.request(`/api/v1/tenant/users/${userId}/caps`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${credential}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function spent(userId: string) {
  const rs = await stack.db.$client.execute({
    sql: "SELECT cap_daily, cap_monthly, spent_day, spent_day_credits, spent_month, spent_month_credits FROM tenant_users WHERE id = ?",
    args: [userId],
  });
  return rs.rows[0];
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; details?: { cap?: string } } }).error;
}

describe("member spending caps", () => {
  test("30 parallel requests from a member capped at 3 images a day: exactly 3 pass, the rest are 402 spending_cap_exceeded", async () => {
    const t = await team();
    expect((await setCaps(t.adminToken, t.member.id, { cap_daily: 3 * PRICE })).status).toBe(200);
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => postImages(stack, t.memberToken, { ...IMAGE, prompt: `fox ${i}` })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBe(3);
    expect(statuses.filter((s) => s === 402).length).toBe(27);
    const codes = await Promise.all(
      responses.filter((r) => r.status === 402).map(async (r) => (await errorOf(r)).code),
    );
    expect(new Set(codes)).toEqual(new Set(["spending_cap_exceeded"]));
    expect(Number((await spent(t.member.id))?.spent_day_credits)).toBe(3 * PRICE);
    expect(await balanceAndLedgerSum(stack.db, t.tenant.id)).toEqual({
      balance: 10_000 - 3 * PRICE,
      ledgerSum: 10_000 - 3 * PRICE,
    });
    // The cap is the member's: the admin and the tenant's API key still spend.
    expect((await postImages(stack, t.adminToken, IMAGE)).status).toBe(200);
    expect((await postImages(stack, t.apiKey, IMAGE)).status).toBe(200);
  });

  test("the daily cap starts again the next UTC day, the monthly cap holds until the month turns", async () => {
    const t = await team();
    await setCaps(t.adminToken, t.member.id, { cap_daily: PRICE, cap_monthly: 2 * PRICE });
    expect((await postImages(stack, t.memberToken, IMAGE)).status).toBe(200);
    const daily = await postImages(stack, t.memberToken, IMAGE);
    expect(daily.status).toBe(402);
    expect((await errorOf(daily)).details?.cap).toBe("daily");
    clock.set(Date.UTC(2026, 10, 30, 23, 59)); // same day still
    expect((await postImages(stack, t.memberToken, IMAGE)).status).toBe(402);
    clock.set(Date.UTC(2026, 11, 1, 0, 1)); // a new day and a new month
    expect((await postImages(stack, t.memberToken, IMAGE)).status).toBe(200);
    clock.set(Date.UTC(2026, 11, 2, 9));
    expect((await postImages(stack, t.memberToken, IMAGE)).status).toBe(200);
    clock.set(Date.UTC(2026, 11, 3, 9));
    const monthly = await postImages(stack, t.memberToken, IMAGE);
    expect([monthly.status, (await errorOf(monthly)).details?.cap]).toEqual([402, "monthly"]);
    const row = await spent(t.member.id);
    expect([row?.spent_month, Number(row?.spent_month_credits)]).toEqual(["2026-12", 2 * PRICE]);
  });

  test("only a tenant admin sets caps; bad input is 400 and another tenant's user 404, nothing written", async () => {
    const t = await team();
    expect((await setCaps(t.memberToken, t.member.id, { cap_daily: 5 })).status).toBe(403);
    for (const body of [{}, { cap_daily: 0 }, { cap_daily: -5 }, { cap_monthly: 2.5 }, { cap_daily: "9" }, { x: 1 }]) {
      const res = await setCaps(t.adminToken, t.member.id, body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
    }
    const other = await createTenant({ db: stack.db, clock, ids: randomIds }, { name: "Other", credits: 0 });
    const stranger = await addTenantUser(
      { db: stack.db, clock, ids: randomIds },
      { tenantId: other.tenant.id, username: "eve", password: PASSWORD },
    );
    expect((await setCaps(t.adminToken, stranger.id, { cap_daily: 5 })).status).toBe(404);
    expect([(await spent(t.member.id))?.cap_daily, (await spent(stranger.id))?.cap_daily]).toEqual([null, null]);

    const ok = await setCaps(t.adminToken, t.member.id, { cap_monthly: 50 });
    const view = (await ok.json()) as { caps: { capDaily: number | null; capMonthly: number | null } };
    expect(view.caps).toMatchObject({ capDaily: null, capMonthly: 50 });
    expect((await setCaps(t.adminToken, t.member.id, { cap_monthly: null })).status).toBe(200);
    expect((await spent(t.member.id))?.cap_monthly).toBeNull();
  });

  test("an operator sets a member's caps with an audit row", async () => {
    const t = await team();
    const { call } = await adminSession(stack);
    const res = await call("PATCH", `/tenants/${t.tenant.id}/users/${t.member.id}/caps`, { cap_daily: 7 });
    expect(res.status).toBe(200);
    expect(Number((await spent(t.member.id))?.cap_daily)).toBe(7);
    const audit = await stack.db.$client.execute("SELECT details FROM admin_audit WHERE action = 'user.caps'");
    expect(JSON.parse(String(audit.rows[0]?.details))).toEqual({ userId: t.member.id, cap_daily: 7 });
  });
});
