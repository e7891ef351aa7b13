// The console's client for /admin/api: every answer checked against the shared schemas (@waule/shared/admin).
import {
  adminAccount,
  adminAccountList,
  adminApiKeyList,
  adminAuditPage,
  adminDashboard,
  adminLedgerPage,
  adminLoginResponse,
  adminModel,
  adminModelList,
  adminTaskPage,
  adminTenant,
  adminTenantDetail,
  adminTenantPage,
  adminTenantUser,
  adminTenantUserList,
  creditChangeResponse,
  keyCreateResponse,
  tenantCreateResponse,
  tenantModelsResponse,
  usageSummary,
  type AdjustRequest,
  type AdminCreateRequest,
  type AdminPatchRequest,
  type ModelCreateRequest,
  type ModelPatchRequest,
  type RechargeRequest,
  type TenantCreateRequest,
  type TenantPatchRequest,
  type UserCreateRequest,
  type UserPatchRequest,
} from "@waule/shared/admin";
import { z } from "zod";
import { ApiError, errorFromResponse } from "../../api/api-error";
import { adminSession, adminSignOut } from "./admin-session";

const base = (import.meta.env.VITE_API_BASE_URL ?? "").replace(/\/+$/, "");

type Query = Record<string, string | number | undefined>;

function queryString(q: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== "") params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : "";
}

async function call<S extends z.ZodType>(schema: S, method: string, path: string, body?: unknown): Promise<z.infer<S>> {
  const headers = new Headers();
  const token = adminSession()?.token;
  if (token) headers.set("authorization", `Bearer ${token}`);
  if (body !== undefined) headers.set("content-type", "application/json");
  let res: Response;
  try {
    res = await fetch(`${base}/admin/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    throw new ApiError("network_error", err instanceof Error ? err.message : String(err), 0);
  }
  if (!res.ok) {
    const error = await errorFromResponse(res);
    // A stale or revoked operator token: back to the login form (but not for a failed login itself).
    if (res.status === 401 && token) adminSignOut();
    throw error;
  }
  const parsed = schema.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success) throw new ApiError("unexpected_response", `${path}: ${parsed.error.issues[0]?.message ?? "bad shape"}`, res.status);
  return parsed.data;
}

const tenantPath = (id: string) => `/tenants/${encodeURIComponent(id)}`;

export const adminApi = {
  login: (username: string, password: string) => call(adminLoginResponse, "POST", "/auth/login", { username, password }),
  dashboard: () => call(adminDashboard, "GET", "/dashboard"),
  tenants: (q: Query) => call(adminTenantPage, "GET", `/tenants${queryString(q)}`),
  createTenant: (body: TenantCreateRequest) => call(tenantCreateResponse, "POST", "/tenants", body),
  tenant: (id: string) => call(adminTenantDetail, "GET", tenantPath(id)),
  patchTenant: (id: string, body: TenantPatchRequest) => call(adminTenant, "PATCH", tenantPath(id), body),
  recharge: (id: string, body: RechargeRequest) => call(creditChangeResponse, "POST", `${tenantPath(id)}/recharge`, body),
  adjust: (id: string, body: AdjustRequest) => call(creditChangeResponse, "POST", `${tenantPath(id)}/adjust`, body),
  ledger: (id: string, q: Query) => call(adminLedgerPage, "GET", `${tenantPath(id)}/ledger${queryString(q)}`),
  keys: (id: string) => call(adminApiKeyList, "GET", `${tenantPath(id)}/keys`),
  createKey: (id: string, name: string) => call(keyCreateResponse, "POST", `${tenantPath(id)}/keys`, { name }),
  revokeKey: (id: string, keyId: string) => call(z.object({ revoked: z.boolean() }), "POST", `${tenantPath(id)}/keys/${encodeURIComponent(keyId)}/revoke`),
  users: (id: string) => call(adminTenantUserList, "GET", `${tenantPath(id)}/users`),
  createUser: (id: string, body: UserCreateRequest) => call(adminTenantUser, "POST", `${tenantPath(id)}/users`, body),
  patchUser: (id: string, userId: string, body: UserPatchRequest) => call(adminTenantUser, "PATCH", `${tenantPath(id)}/users/${encodeURIComponent(userId)}`, body),
  setTenantModels: (id: string, models: string[]) => call(tenantModelsResponse, "PUT", `${tenantPath(id)}/models`, { models }),
  models: () => call(adminModelList, "GET", "/models"),
  createModel: (body: ModelCreateRequest) => call(adminModel, "POST", "/models", body),
  patchModel: (id: string, body: ModelPatchRequest) => call(adminModel, "PATCH", `/models/${encodeURIComponent(id)}`, body),
  usage: (q: Query) => call(usageSummary, "GET", `/usage${queryString(q)}`),
  tasks: (q: Query) => call(adminTaskPage, "GET", `/tasks${queryString(q)}`),
  audit: (q: Query) => call(adminAuditPage, "GET", `/audit${queryString(q)}`),
  accounts: () => call(adminAccountList, "GET", "/admins"),
  createAccount: (body: AdminCreateRequest) => call(adminAccount, "POST", "/admins", body),
  patchAccount: (id: string, body: AdminPatchRequest) => call(adminAccount, "PATCH", `/admins/${encodeURIComponent(id)}`, body),
};
