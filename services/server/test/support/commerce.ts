// Whole-path commerce tests: the real app, an operator, a tenant with an API key, a package, and calls to the API.
import type { PackageCreateRequest } from "@waule/shared/packages";
import type { SettingsPatchRequest } from "@waule/shared/settings";
import { adminSession } from "./admin";
import { type StackOptions, startStack } from "./stack";

export const PUBLIC_BASE = "https://pay.waule.test";

export async function commerceStack(options: StackOptions = {}) {
  const stack = await startStack(options);
  const ops = await adminSession(stack);
  const tenant = await stack.createTenant(0);
  /** A JSON call to /api/v1 with a credential (the tenant's key by default). */
  const api = async (method: string, path: string, body?: unknown, credential = tenant.apiKey) => {
    const r = await stack.app.request(`/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${credential}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as any };
  };
  const configure = async (patch: SettingsPatchRequest) => {
    const r = await ops.call("PATCH", "/settings", patch);
    if (r.status !== 200) throw new Error(`settings refused: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const addPackage = async (input: Partial<PackageCreateRequest> = {}) => {
    const r = await ops.call("POST", "/packages", {
      name: "Starter",
      currency: "CNY",
      price: 1000,
      credits: 1000,
      bonusCredits: 100,
      ...input,
    });
    if (r.status !== 201) throw new Error(`package refused: ${JSON.stringify(r.body)}`);
    return r.body as { id: string; price: number; currency: string; credits: number; bonusCredits: number };
  };
  /** POSTs a provider notify as the provider would (raw body, its headers). */
  const notify = async (provider: string, body: string, headers: Record<string, string>) => {
    const r = await stack.app.request(`/payments/${provider}/notify`, { method: "POST", headers, body });
    return { status: r.status, text: await r.text() };
  };
  const balance = async () => {
    const rs = await stack.db.$client.execute({
      sql: "SELECT credits FROM tenants WHERE id = ?",
      args: [tenant.tenant.id],
    });
    return Number(rs.rows[0]?.credits);
  };
  const purchaseRows = async () =>
    (
      await stack.db.$client.execute({
        sql: "SELECT amount, request_id, balance_after FROM credit_ledger WHERE tenant_id = ? AND kind = 'purchase' ORDER BY seq",
        args: [tenant.tenant.id],
      })
    ).rows.map((r) => ({
      amount: Number(r.amount),
      orderId: String(r.request_id),
      balanceAfter: Number(r.balance_after),
    }));
  const notifyLog = async () =>
    (
      await stack.db.$client.execute("SELECT provider, order_id, outcome, reason FROM payment_notifies ORDER BY seq")
    ).rows.map((r) => ({
      provider: String(r.provider),
      orderId: r.order_id === null ? null : String(r.order_id),
      outcome: String(r.outcome),
      reason: r.reason === null ? null : String(r.reason),
    }));
  /** Moves an order's expiry into the past (by `agoMs`), so the next sweep closes and expires it. */
  const pastDue = async (orderId: string, agoMs = 1000) => {
    await stack.db.$client.execute({
      sql: "UPDATE orders SET expires_at = ? WHERE id = ?",
      args: [Date.now() - agoMs, orderId],
    });
  };
  const orderStatus = async (orderId: string) =>
    String(
      (await stack.db.$client.execute({ sql: "SELECT status FROM orders WHERE id = ?", args: [orderId] })).rows[0]
        ?.status,
    );
  return {
    stack,
    ops,
    tenant,
    api,
    configure,
    addPackage,
    notify,
    balance,
    purchaseRows,
    notifyLog,
    pastDue,
    orderStatus,
  };
}

export type CommerceStack = Awaited<ReturnType<typeof commerceStack>>;
