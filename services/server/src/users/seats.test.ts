import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { randomIds, systemClock } from "@waule/shared/clock";
import { openTempDb, type TempDb } from "../../test/support/temp-db";
import { createTenant } from "../tenants/tenants";
import { changeTenantUser, insertTenantUser, seatsOf } from "./seats";
import { addTenantUser } from "./users";

let t: TempDb;
const ctx = () => ({ db: t.db, clock: systemClock, ids: randomIds });
beforeEach(async () => {
  t = await openTempDb();
});
afterEach(async () => {
  await t.close();
});

async function tenantWithSeats(maxUsers: number) {
  return (await createTenant(ctx(), { name: "Acme", credits: 0, maxUsers })).tenant.id;
}

describe("the one seat rule", () => {
  test("the ops path counts active users: a deactivated user frees a seat, and a full tenant refuses with 409 seats_full", async () => {
    const id = await tenantWithSeats(2);
    const a = await addTenantUser(ctx(), { tenantId: id, username: "alice", password: "long-enough", admin: true });
    const b = await addTenantUser(ctx(), { tenantId: id, username: "bob", password: "long-enough" });
    await expect(
      addTenantUser(ctx(), { tenantId: id, username: "carol", password: "long-enough" }),
    ).rejects.toMatchObject({
      code: "conflict",
      details: { reason: "seats_full", used: 2, max: 2 },
    });
    await changeTenantUser(ctx(), id, b.id, { isActive: false });
    expect(await seatsOf(t.db, id)).toEqual({ used: 1, max: 2 });
    const carol = await addTenantUser(ctx(), { tenantId: id, username: "carol", password: "long-enough" });
    expect(carol.isActive).toBe(true);
    // Reactivating needs a free seat; nothing changes when there is none.
    await expect(changeTenantUser(ctx(), id, b.id, { isActive: true })).rejects.toMatchObject({
      details: { reason: "seats_full" },
    });
    expect((await t.db.query.tenantUsers.findMany()).map((u) => [u.username, u.isActive]).sort()).toEqual([
      ["alice", true],
      ["bob", false],
      ["carol", true],
    ]);
    expect(a.role).toBe("admin");
  });

  test("parallel inserts into the last seat store exactly one user", async () => {
    const id = await tenantWithSeats(1);
    const results = await Promise.allSettled(
      ["u1", "u2", "u3", "u4"].map((username) => insertTenantUser(ctx(), id, { username, password: "long-enough" })),
    );
    expect(results.filter((r) => r.status === "fulfilled").length).toBe(1);
    expect((await seatsOf(t.db, id)).used).toBe(1);
  });

  test("the last active admin stays; password, role and deactivation bump the token version, a nickname does not", async () => {
    const id = await tenantWithSeats(5);
    const admin = await addTenantUser(ctx(), { tenantId: id, username: "ada", password: "long-enough", admin: true });
    const member = await addTenantUser(ctx(), { tenantId: id, username: "max", password: "long-enough" });
    await expect(changeTenantUser(ctx(), id, admin.id, { role: "member" })).rejects.toMatchObject({
      details: { reason: "last_admin" },
    });
    await expect(changeTenantUser(ctx(), id, admin.id, { isActive: false })).rejects.toMatchObject({
      details: { reason: "last_admin" },
    });
    expect((await changeTenantUser(ctx(), id, member.id, { nickname: "Max" })).tokenVersion).toBe(0);
    expect((await changeTenantUser(ctx(), id, member.id, { password: "another-one" })).tokenVersion).toBe(1);
    expect((await changeTenantUser(ctx(), id, member.id, { role: "admin" })).tokenVersion).toBe(2);
    expect((await changeTenantUser(ctx(), id, admin.id, { isActive: false })).tokenVersion).toBe(1);
    // Another tenant's user is not found through this tenant.
    const other = await tenantWithSeats(1);
    await expect(changeTenantUser(ctx(), other, member.id, { nickname: "x" })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
