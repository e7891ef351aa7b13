// Tenant self-service through the real server app: who may manage, seats, the last admin, key rotation, the ledger, passwords.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { tenantApiKeys, tenantUsers } from "@waule/db/server";
import { randomIds, systemClock } from "@waule/shared/clock";
import { eq } from "drizzle-orm";
import { recharge } from "../src/billing/ledger";
import { createTenant } from "../src/tenants/tenants";
import { addTenantUser } from "../src/users/users";
import { type Stack, startStack } from "./support/stack";

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack.stop();
});

const PASSWORD = "correct horse battery";
const ctx = () => ({ db: stack.db, clock: systemClock, ids: randomIds });

function call(credential: string, method: string, path: string, body?: unknown) {
  return stack.app.request(`/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${credential}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function login(apiKey: string, username: string, password = PASSWORD) {
  return stack.app.request("/api/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ apiKey, username, password }),
  });
}

async function token(apiKey: string, username: string, password = PASSWORD): Promise<string> {
  const res = await login(apiKey, username, password);
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

/** A tenant with an admin "ada" and a member "max". */
async function tenantWithTeam(name = "Acme", maxUsers = 10) {
  const created = await createTenant(ctx(), { name, credits: 500, maxUsers });
  const admin = await addTenantUser(ctx(), {
    tenantId: created.tenant.id,
    username: "ada",
    password: PASSWORD,
    admin: true,
  });
  const member = await addTenantUser(ctx(), { tenantId: created.tenant.id, username: "max", password: PASSWORD });
  return {
    ...created,
    admin,
    member,
    adminToken: await token(created.apiKey, "ada"),
    memberToken: await token(created.apiKey, "max"),
  };
}

async function userRow(id: string) {
  return stack.db.query.tenantUsers.findFirst({ where: eq(tenantUsers.id, id) });
}

async function usersOf(tenantId: string) {
  return stack.db.select().from(tenantUsers).where(eq(tenantUsers.tenantId, tenantId));
}

async function keysOf(tenantId: string) {
  return stack.db.select().from(tenantApiKeys).where(eq(tenantApiKeys.tenantId, tenantId));
}

describe("who may manage", () => {
  test("a member's token gets 403 on every admin route and writes nothing; GET /tenant tells it it cannot manage", async () => {
    const t = await tenantWithTeam();
    const attempts: [string, string, unknown?][] = [
      ["GET", "/tenant/users"],
      ["POST", "/tenant/users", { username: "eve", password: "long-enough-1" }],
      ["PATCH", `/tenant/users/${t.member.id}`, { role: "admin" }],
      ["GET", "/tenant/keys"],
      ["POST", "/tenant/keys", { name: "mine" }],
      ["POST", `/tenant/keys/${t.apiKeyId}/revoke`],
      ["POST", `/tenant/keys/${t.apiKeyId}/rotate`],
      ["GET", "/tenant/ledger"],
    ];
    for (const [method, path, body] of attempts) {
      const res = await call(t.memberToken, method, path, body);
      expect([method, path, res.status]).toEqual([method, path, 403]);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    }
    expect((await usersOf(t.tenant.id)).map((u) => [u.username, u.role]).sort()).toEqual([
      ["ada", "admin"],
      ["max", "member"],
    ]);
    const keys = await keysOf(t.tenant.id);
    expect(keys.length).toBe(1);
    expect(keys[0]?.revokedAt).toBeNull();

    const info = await call(t.memberToken, "GET", "/tenant");
    expect(info.status).toBe(200);
    expect(await info.json()).toEqual({
      id: t.tenant.id,
      name: "Acme",
      credits: 500,
      seats: { used: 2, max: 10 },
      caller: { via: "tenant_user", role: "member", canManage: false },
    });
  });

  test("an admin's token and the tenant's API key may both manage", async () => {
    const t = await tenantWithTeam();
    for (const credential of [t.adminToken, t.apiKey]) {
      const res = await call(credential, "GET", "/tenant/users");
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data: { username: string; role: string }[]; seats: unknown };
      expect(body.data.map((u) => u.username)).toEqual(["ada", "max"]);
      expect(body.seats).toEqual({ used: 2, max: 10 });
      expect(JSON.stringify(body)).not.toContain("password");
    }
    const info = (await (await call(t.apiKey, "GET", "/tenant")).json()) as { caller: unknown };
    expect(info.caller).toEqual({ via: "api_key", role: null, canManage: true });
  });
});

describe("users and seats", () => {
  test("creating past the seat limit answers 409 and stores nobody; deactivating frees a seat, reactivating needs one", async () => {
    const t = await tenantWithTeam("Small", 3);
    const first = await call(t.adminToken, "POST", "/tenant/users", {
      username: "cyd",
      password: "cy-password-1",
      nickname: "Cy",
    });
    expect(first.status).toBe(201);
    const cy = (await first.json()) as { id: string; role: string; nickname: string };
    expect(cy).toMatchObject({ role: "member", nickname: "Cy" });
    expect(await token(t.apiKey, "cyd", "cy-password-1")).toBeString(); // the new user can sign in

    const full = await call(t.adminToken, "POST", "/tenant/users", { username: "dee", password: "dee-password-1" });
    expect(full.status).toBe(409);
    expect(((await full.json()) as { error: { details: unknown } }).error.details).toEqual({
      reason: "seats_full",
      used: 3,
      max: 3,
    });
    expect((await usersOf(t.tenant.id)).map((u) => u.username).sort()).toEqual(["ada", "cyd", "max"]);

    const off = await call(t.adminToken, "PATCH", `/tenant/users/${t.member.id}`, { isActive: false });
    expect(off.status).toBe(200);
    expect((await userRow(t.member.id))?.isActive).toBe(false);
    expect((await login(t.apiKey, "max")).status).toBe(401); // a deactivated user cannot sign in
    expect((await call(t.memberToken, "GET", "/me")).status).toBe(401); // nor use a token issued before

    expect(
      (await call(t.adminToken, "POST", "/tenant/users", { username: "dee", password: "dee-password-1" })).status,
    ).toBe(201);
    const back = await call(t.adminToken, "PATCH", `/tenant/users/${t.member.id}`, { isActive: true });
    expect(back.status).toBe(409);
    expect((await userRow(t.member.id))?.isActive).toBe(false);
    const seats = ((await (await call(t.adminToken, "GET", "/tenant")).json()) as { seats: unknown }).seats;
    expect(seats).toEqual({ used: 3, max: 3 });
  });

  test("a duplicate username is 409 and a short password 400, nothing written", async () => {
    const t = await tenantWithTeam();
    expect(
      (await call(t.adminToken, "POST", "/tenant/users", { username: "max", password: "another-pass-1" })).status,
    ).toBe(409);
    expect((await call(t.adminToken, "POST", "/tenant/users", { username: "zed", password: "short" })).status).toBe(
      400,
    );
    expect((await usersOf(t.tenant.id)).length).toBe(2);
  });

  test("the last active admin cannot deactivate or demote themselves; with a second admin they can", async () => {
    const t = await tenantWithTeam();
    for (const change of [{ isActive: false }, { role: "member" }]) {
      const res = await call(t.adminToken, "PATCH", `/tenant/users/${t.admin.id}`, change);
      expect(res.status).toBe(409);
      expect(((await res.json()) as { error: { details: unknown } }).error.details).toEqual({ reason: "last_admin" });
    }
    // Not through the API key either: the tenant would have nobody left to run the web admin area.
    expect((await call(t.apiKey, "PATCH", `/tenant/users/${t.admin.id}`, { isActive: false })).status).toBe(409);
    expect(await userRow(t.admin.id)).toMatchObject({ role: "admin", isActive: true });

    expect(
      (await call(t.adminToken, "PATCH", `/tenant/users/${t.member.id}`, { role: "admin", nickname: "Max" })).status,
    ).toBe(200);
    const demoted = await call(t.adminToken, "PATCH", `/tenant/users/${t.admin.id}`, { role: "member" });
    expect(demoted.status).toBe(200);
    expect(await userRow(t.admin.id)).toMatchObject({ role: "member", isActive: true });
    expect(await userRow(t.member.id)).toMatchObject({ role: "admin", nickname: "Max" });
    // A role change ends the user's sessions: the old token is refused (401); a fresh login is a member's (403).
    expect((await call(t.adminToken, "GET", "/tenant/users")).status).toBe(401);
    expect((await call(await token(t.apiKey, "ada"), "GET", "/tenant/users")).status).toBe(403);
  });

  test("an admin's password reset replaces the user's password", async () => {
    const t = await tenantWithTeam();
    expect(
      (await call(t.adminToken, "PATCH", `/tenant/users/${t.member.id}`, { password: "fresh-password-9" })).status,
    ).toBe(200);
    expect((await login(t.apiKey, "max")).status).toBe(401);
    expect((await login(t.apiKey, "max", "fresh-password-9")).status).toBe(200);
  });
});

describe("races", () => {
  test("parallel creates with one seat free store exactly one user", async () => {
    const t = await tenantWithTeam("Race", 3);
    const answers = await Promise.all(
      ["r1", "r2", "r3", "r4", "r5"].map((n) =>
        call(t.adminToken, "POST", "/tenant/users", { username: `racer-${n}`, password: "racer-password-1" }),
      ),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect((await usersOf(t.tenant.id)).filter((u) => u.isActive).length).toBe(3);
  });

  test("parallel rotations of one key leave exactly one new live key", async () => {
    const t = await tenantWithTeam();
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() => call(t.adminToken, "POST", `/tenant/keys/${t.apiKeyId}/rotate`)),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const keys = await keysOf(t.tenant.id);
    expect(keys.length).toBe(2);
    expect(keys.filter((k) => k.revokedAt === null).length).toBe(1);
  });

  test("two admins demoting each other at once cannot both succeed", async () => {
    const t = await tenantWithTeam();
    expect((await call(t.adminToken, "PATCH", `/tenant/users/${t.member.id}`, { role: "admin" })).status).toBe(200);
    // The promotion ended max's sessions; max signs in again as an admin.
    const maxToken = await token(t.apiKey, "max");
    const [a, b] = await Promise.all([
      call(t.adminToken, "PATCH", `/tenant/users/${t.member.id}`, { role: "member" }),
      call(maxToken, "PATCH", `/tenant/users/${t.admin.id}`, { role: "member" }),
    ]);
    // The loser is refused by the last-admin rule (409) or, if the winner's demotion landed before it was
    // authenticated, because that demotion ended its session (401).
    const statuses = [a.status, b.status].sort();
    expect(statuses[0]).toBe(200);
    expect([401, 409]).toContain(statuses[1] ?? 0);
    const admins = (await usersOf(t.tenant.id)).filter((u) => u.role === "admin" && u.isActive);
    expect(admins.length).toBe(1);
  });
});

describe("API keys", () => {
  test("creates a key shown once, lists it by prefix only, and the new key works", async () => {
    const t = await tenantWithTeam();
    const res = await call(t.adminToken, "POST", "/tenant/keys", { name: "ci" });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { key: string; record: { id: string; prefix: string; name: string } };
    expect(created.key).toMatch(/^wk_live_[A-Za-z0-9]{32}$/);
    expect(created.record).toMatchObject({ name: "ci", prefix: created.key.slice(0, 12) });
    const list = await (await call(t.adminToken, "GET", "/tenant/keys")).text();
    expect(list).not.toContain(created.key);
    expect(list).not.toContain("keyHash");
    expect((JSON.parse(list) as { data: { name: string }[] }).data.map((k) => k.name)).toEqual(["default", "ci"]);
    expect((await call(created.key, "GET", "/me")).status).toBe(200);
  });

  test("rotate revokes the old key at once and the new one works, with the same name", async () => {
    const t = await tenantWithTeam();
    const res = await call(t.adminToken, "POST", `/tenant/keys/${t.apiKeyId}/rotate`);
    expect(res.status).toBe(201);
    const rotated = (await res.json()) as {
      key: string;
      record: { id: string; name: string };
      revoked: { id: string; revokedAt: string | null };
    };
    expect(rotated.revoked.id).toBe(t.apiKeyId);
    expect(rotated.revoked.revokedAt).not.toBeNull();
    expect(rotated.record.name).toBe("default");

    expect((await call(t.apiKey, "GET", "/me")).status).toBe(401);
    expect((await login(t.apiKey, "ada")).status).toBe(401);
    expect((await call(rotated.key, "GET", "/me")).status).toBe(200);
    expect((await login(rotated.key, "ada")).status).toBe(200);
    const keys = await keysOf(t.tenant.id);
    expect(keys.map((k) => [k.id, k.revokedAt === null]).sort()).toEqual(
      [
        [rotated.record.id, true],
        [t.apiKeyId, false],
      ].sort(),
    );
    // A revoked key cannot be rotated again into a second live key.
    expect((await call(t.adminToken, "POST", `/tenant/keys/${t.apiKeyId}/rotate`)).status).toBe(409);
    expect((await keysOf(t.tenant.id)).length).toBe(2);
  });

  test("revoke stops a key at once but never the tenant's last live key", async () => {
    const t = await tenantWithTeam();
    const last = await call(t.adminToken, "POST", `/tenant/keys/${t.apiKeyId}/revoke`);
    expect(last.status).toBe(409);
    expect((await keysOf(t.tenant.id))[0]?.revokedAt).toBeNull();

    const second = (await (await call(t.adminToken, "POST", "/tenant/keys", { name: "ci" })).json()) as {
      key: string;
      record: { id: string };
    };
    expect((await call(t.adminToken, "POST", `/tenant/keys/${second.record.id}/revoke`)).status).toBe(200);
    expect((await call(second.key, "GET", "/me")).status).toBe(401);
    expect((await call(t.apiKey, "GET", "/me")).status).toBe(200);
  });
});

describe("ledger", () => {
  test("shows only the caller's tenant, newest first, paginated and filtered by kind and date", async () => {
    const a = await tenantWithTeam("Alpha");
    const b = await tenantWithTeam("Beta");
    const now = Date.now();
    for (const n of [10, 20, 30]) await recharge({ db: stack.db, now }, a.tenant.id, n, `a-${n}`);
    await recharge({ db: stack.db, now }, b.tenant.id, 999, "b-secret");
    // A row dated two days back, for the date filter.
    await recharge({ db: stack.db, now: now - 2 * 86_400_000 }, a.tenant.id, 7, "a-old");

    const page1 = (await (await call(a.adminToken, "GET", "/tenant/ledger?limit=2")).json()) as {
      data: { note: string; balanceAfter: number }[];
      total: number;
    };
    expect(page1.total).toBe(5); // opening balance + 3 + old
    expect(page1.data.map((r) => r.note)).toEqual(["a-old", "a-30"]);
    const page3 = (await (await call(a.adminToken, "GET", "/tenant/ledger?limit=2&page=3")).json()) as {
      data: { note: string }[];
    };
    expect(page3.data.map((r) => r.note)).toEqual(["opening balance"]);

    const recent = new Date(now - 86_400_000).toISOString();
    const filtered = (await (
      await call(a.apiKey, "GET", `/tenant/ledger?kind=recharge&from=${encodeURIComponent(recent)}&order=asc`)
    ).json()) as { data: { note: string }[]; total: number };
    expect(filtered.data.map((r) => r.note)).toEqual(["opening balance", "a-10", "a-20", "a-30"]);
    const old = (await (await call(a.apiKey, "GET", `/tenant/ledger?to=${encodeURIComponent(recent)}`)).json()) as {
      data: { note: string }[];
    };
    expect(old.data.map((r) => r.note)).toEqual(["a-old"]);

    const all = await (await call(a.adminToken, "GET", "/tenant/ledger?limit=100")).text();
    expect(all).not.toContain("b-secret");
    expect((await call(a.adminToken, "GET", "/tenant/ledger?kind=bogus")).status).toBe(400);
  });
});

describe("cross-tenant", () => {
  test("another tenant's user and key ids answer 404 and nothing of theirs changes", async () => {
    const a = await tenantWithTeam("Alpha");
    const b = await tenantWithTeam("Beta");
    const bSecond = (
      (await (await call(b.apiKey, "POST", "/tenant/keys", { name: "b2" })).json()) as { record: { id: string } }
    ).record.id;
    const attempts: [string, string, unknown?][] = [
      ["PATCH", `/tenant/users/${b.member.id}`, { isActive: false }],
      ["PATCH", `/tenant/users/${b.admin.id}`, { password: "hijacked-pass-1" }],
      ["POST", `/tenant/keys/${b.apiKeyId}/revoke`],
      ["POST", `/tenant/keys/${bSecond}/revoke`],
      ["POST", `/tenant/keys/${b.apiKeyId}/rotate`],
    ];
    for (const credential of [a.adminToken, a.apiKey]) {
      for (const [method, path, body] of attempts) {
        const res = await call(credential, method, path, body);
        expect([method, path, res.status]).toEqual([method, path, 404]);
      }
    }
    expect((await keysOf(b.tenant.id)).every((k) => k.revokedAt === null)).toBe(true);
    expect((await userRow(b.member.id))?.isActive).toBe(true);
    expect((await login(b.apiKey, "ada")).status).toBe(200);
    const aUsers = (await (await call(a.adminToken, "GET", "/tenant/users")).json()) as { data: { id: string }[] };
    expect(aUsers.data.map((u) => u.id).sort()).toEqual([a.admin.id, a.member.id].sort());
  });
});

describe("own password", () => {
  test("needs the old password; afterwards the old one no longer signs in and the new one does", async () => {
    const t = await tenantWithTeam();
    const wrong = await call(t.memberToken, "POST", "/me/password", {
      oldPassword: "not my password",
      newPassword: "brand-new-pass-2",
    });
    expect(wrong.status).toBe(400);
    expect((await login(t.apiKey, "max")).status).toBe(200); // unchanged

    const ok = await call(t.memberToken, "POST", "/me/password", {
      oldPassword: PASSWORD,
      newPassword: "brand-new-pass-2",
    });
    expect(ok.status).toBe(200);
    expect((await login(t.apiKey, "max")).status).toBe(401);
    expect((await login(t.apiKey, "max", "brand-new-pass-2")).status).toBe(200);
    // Only the caller's own password changed.
    expect((await login(t.apiKey, "ada")).status).toBe(200);
  });

  test("an API key has no password to change, and a too-short new password is refused", async () => {
    const t = await tenantWithTeam();
    expect(
      (await call(t.apiKey, "POST", "/me/password", { oldPassword: PASSWORD, newPassword: "brand-new-pass-2" })).status,
    ).toBe(403);
    expect(
      (await call(t.adminToken, "POST", "/me/password", { oldPassword: PASSWORD, newPassword: "short" })).status,
    ).toBe(400);
    expect((await login(t.apiKey, "ada")).status).toBe(200);
  });
});
