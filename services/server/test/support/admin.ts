// Operator helpers for whole-path tests: an admin account, its token, and JSON calls to /admin/api.

import { randomIds } from "@waule/shared/clock";
import { createAdmin } from "../../src/admin/admins";
import type { Stack } from "./stack";

export const ADMIN_PASSWORD = "operator-password-123";

export async function adminSession(stack: Stack, username = "ops") {
  const admin = await createAdmin(
    { db: stack.db, clock: stack.deps.clock, ids: randomIds },
    { username, password: ADMIN_PASSWORD, role: "owner" },
  );
  const res = await stack.app.request("/admin/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: ADMIN_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  /** A JSON call as this operator; answers status and parsed body. */
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await stack.app.request(`/admin/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as any };
  };
  return { admin, token, call };
}

export async function auditRows(stack: Stack) {
  const rs = await stack.db.$client.execute(
    "SELECT admin_id, action, target_type, target_id, details FROM admin_audit ORDER BY seq",
  );
  return rs.rows.map((r) => ({
    adminId: String(r.admin_id),
    action: String(r.action),
    targetType: String(r.target_type),
    targetId: r.target_id === null ? null : String(r.target_id),
    details: JSON.parse(String(r.details ?? "null")),
  }));
}
