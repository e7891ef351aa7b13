// /admin/api/admins: owners manage operator accounts; operators may only look; the last owner cannot be locked out.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { adminSession, auditRows } from "./support/admin";
import { type Stack, startStack } from "./support/stack";

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack.stop();
});

const login = (username: string, password: string) =>
  stack.app.request("/admin/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });

describe("operator accounts", () => {
  test("an owner creates an operator who can sign in but not manage accounts; deactivation locks them out at once", async () => {
    const owner = await adminSession(stack, "boss");
    const made = await owner.call("POST", "/admins", {
      username: "helper",
      password: "helper-password-1",
      role: "operator",
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ username: "helper", role: "operator", isActive: true });
    expect(JSON.stringify(made.body)).not.toContain("password");
    const res = await login("helper", "helper-password-1");
    expect(res.status).toBe(200);
    const token = ((await res.json()) as { token: string }).token;
    const asHelper = (method: string, path: string, body?: unknown) =>
      stack.app.request(`/admin/api${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect((await asHelper("GET", "/admins")).status).toBe(200);
    const refused = await asHelper("POST", "/admins", { username: "sneaky", password: "sneaky-password-1" });
    expect(refused.status).toBe(403);
    expect(Number((await stack.db.$client.execute("SELECT COUNT(*) AS n FROM admins")).rows[0]?.n)).toBe(2);

    expect((await owner.call("PATCH", `/admins/${made.body.id}`, { isActive: false })).body.isActive).toBe(false);
    expect((await asHelper("GET", "/tenants")).status).toBe(401);
    expect((await login("helper", "helper-password-1")).status).toBe(401);
    expect((await auditRows(stack)).map((r) => r.action)).toEqual(["admin.create", "admin.update"]);
  });

  test("the last active owner cannot be deactivated or demoted; a weak password is refused", async () => {
    const owner = await adminSession(stack, "boss");
    expect((await owner.call("PATCH", `/admins/${owner.admin.id}`, { isActive: false })).status).toBe(409);
    expect((await owner.call("PATCH", `/admins/${owner.admin.id}`, { role: "operator" })).status).toBe(409);
    expect((await owner.call("POST", "/admins", { username: "x1y", password: "short" })).status).toBe(400);
    const second = await owner.call("POST", "/admins", {
      username: "boss2",
      password: "boss2-password-1",
      role: "owner",
    });
    expect((await owner.call("PATCH", `/admins/${owner.admin.id}`, { role: "operator" })).body.role).toBe("operator");
    expect(second.status).toBe(201);
    expect((await auditRows(stack)).map((r) => r.action)).toEqual(["admin.create", "admin.update"]);
  });

  test("two owners deactivating each other at once leave one active owner", async () => {
    const first = await adminSession(stack, "boss");
    const made = await first.call("POST", "/admins", {
      username: "boss2",
      password: "boss2-password-1",
      role: "owner",
    });
    const token = ((await (await login("boss2", "boss2-password-1")).json()) as { token: string }).token;
    const asSecond = (method: string, path: string, body: unknown) =>
      stack.app.request(`/admin/api${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const [a, b] = await Promise.all([
      first.call("PATCH", `/admins/${made.body.id}`, { isActive: false }),
      asSecond("PATCH", `/admins/${first.admin.id}`, { isActive: false }),
    ]);
    // The loser meets the last-owner rule (409) or, when the winner's deactivation came first, is no longer signed in (401).
    const statuses = [a.status, b.status].sort();
    expect(statuses[0]).toBe(200);
    expect([401, 409]).toContain(statuses[1] ?? 0);
    const owners = await stack.db.$client.execute(
      "SELECT COUNT(*) AS n FROM admins WHERE role = 'owner' AND is_active = 1",
    );
    expect(Number(owners.rows[0]?.n)).toBe(1);
  });
});
