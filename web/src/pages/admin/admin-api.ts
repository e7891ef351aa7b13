// The operator console's typed calls to /admin/api over the app's one HTTP transport, every answer checked against @waule/shared/admin.

import {
  type AdjustRequest,
  type AdminCreateRequest,
  type AdminPatchRequest,
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
  type ModelCreateRequest,
  type ModelPatchRequest,
  type RechargeRequest,
  type TenantCreateRequest,
  type TenantPatchRequest,
  tenantCreateResponse,
  tenantModelsResponse,
  type UserCreateRequest,
  type UserPatchRequest,
  usageSummary,
} from "@waule/shared/admin";
import { apiKeyView } from "@waule/shared/api-keys";
import { capabilityList } from "@waule/shared/capabilities";
import type { KeyLimitsRequest, MemberCapsRequest } from "@waule/shared/key-limits";
import { ledgerCallPage } from "@waule/shared/ledger";
import { orderPage, orderView } from "@waule/shared/orders";
import {
  type PackageCreateRequest,
  type PackagePatchRequest,
  rechargePackage,
  rechargePackageList,
} from "@waule/shared/packages";
import {
  type PriceGroupCreateRequest,
  type PriceGroupPatchRequest,
  priceGroupList,
  priceGroupView,
} from "@waule/shared/price-groups";
import {
  type RedemptionBatchRequest,
  redemptionBatch,
  redemptionBatchCreated,
  redemptionBatchPage,
} from "@waule/shared/redemption";
import { type SettingsPatchRequest, settingsView } from "@waule/shared/settings";
import { monthlyStatement } from "@waule/shared/statements";
import { usageSeries } from "@waule/shared/usage-series";
import { z } from "zod";
import { createHttp, queryString } from "../../api/http";
import { adminSession, adminSignOut } from "./admin-session";

type Query = Parameters<typeof queryString>[0];

export function createAdminApi(options: {
  baseUrl?: string;
  getToken: () => string | null;
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
}) {
  const http = createHttp({ ...options, prefix: "/admin/api" });
  const tenantPath = (id: string) => `/tenants/${encodeURIComponent(id)}`;
  return {
    login: (username: string, password: string) => http.post(adminLoginResponse, "/auth/login", { username, password }),
    dashboard: () => http.get(adminDashboard, "/dashboard"),
    capabilities: () => http.get(capabilityList, "/capabilities"),
    usageSeries: (q: Query) => http.get(usageSeries, `/usage/series${queryString(q)}`),
    tenants: (q: Query) => http.get(adminTenantPage, `/tenants${queryString(q)}`),
    createTenant: (body: TenantCreateRequest) => http.post(tenantCreateResponse, "/tenants", body),
    tenant: (id: string) => http.get(adminTenantDetail, tenantPath(id)),
    patchTenant: (id: string, body: TenantPatchRequest) => http.patch(adminTenant, tenantPath(id), body),
    recharge: (id: string, body: RechargeRequest) =>
      http.post(creditChangeResponse, `${tenantPath(id)}/recharge`, body),
    adjust: (id: string, body: AdjustRequest) => http.post(creditChangeResponse, `${tenantPath(id)}/adjust`, body),
    ledger: (id: string, q: Query) => http.get(adminLedgerPage, `${tenantPath(id)}/ledger${queryString(q)}`),
    /** One line per call (hold and settle folded) and per credit movement. */
    ledgerCalls: (id: string, q: Query) => http.get(ledgerCallPage, `${tenantPath(id)}/ledger/calls${queryString(q)}`),
    monthlyStatement: (id: string, month: string) =>
      http.get(monthlyStatement, `${tenantPath(id)}/statements/monthly${queryString({ month })}`),
    statementCsv: async (id: string, which: "ledger" | "usage", range: Query) =>
      (await http.send(`${tenantPath(id)}/statements/${which}.csv${queryString(range)}`)).blob(),
    createRedemptionBatch: (body: RedemptionBatchRequest) =>
      http.post(redemptionBatchCreated, "/redemption-codes", body),
    redemptionBatches: (q: Query) => http.get(redemptionBatchPage, `/redemption-codes${queryString(q)}`),
    disableRedemptionBatch: (id: string) =>
      http.post(redemptionBatch, `/redemption-codes/${encodeURIComponent(id)}/disable`),
    exportRedemptionBatch: async (id: string) =>
      (await http.send(`/redemption-codes/${encodeURIComponent(id)}/export.csv`)).blob(),
    keys: (id: string) => http.get(adminApiKeyList, `${tenantPath(id)}/keys`),
    createKey: (id: string, name: string) => http.post(keyCreateResponse, `${tenantPath(id)}/keys`, { name }),
    revokeKey: (id: string, keyId: string) =>
      http.post(z.object({ revoked: z.boolean() }), `${tenantPath(id)}/keys/${encodeURIComponent(keyId)}/revoke`),
    setKeyLimits: (id: string, keyId: string, body: KeyLimitsRequest) =>
      http.patch(apiKeyView, `${tenantPath(id)}/keys/${encodeURIComponent(keyId)}/limits`, body),
    setUserCaps: (id: string, userId: string, body: MemberCapsRequest) =>
      http.patch(adminTenantUser, `${tenantPath(id)}/users/${encodeURIComponent(userId)}/caps`, body),
    priceGroups: () => http.get(priceGroupList, "/price-groups"),
    createPriceGroup: (body: PriceGroupCreateRequest) => http.post(priceGroupView, "/price-groups", body),
    patchPriceGroup: (groupId: string, body: PriceGroupPatchRequest) =>
      http.patch(priceGroupView, `/price-groups/${encodeURIComponent(groupId)}`, body),
    deletePriceGroup: (groupId: string) =>
      http.delete(z.object({ deleted: z.boolean() }), `/price-groups/${encodeURIComponent(groupId)}`),
    setTenantPriceGroup: (id: string, priceGroupId: string | null) =>
      http.put(
        z.object({ tenantId: z.string(), priceGroupId: z.string().nullable() }),
        `${tenantPath(id)}/price-group`,
        { priceGroupId },
      ),
    users: (id: string) => http.get(adminTenantUserList, `${tenantPath(id)}/users`),
    createUser: (id: string, body: UserCreateRequest) => http.post(adminTenantUser, `${tenantPath(id)}/users`, body),
    patchUser: (id: string, userId: string, body: UserPatchRequest) =>
      http.patch(adminTenantUser, `${tenantPath(id)}/users/${encodeURIComponent(userId)}`, body),
    setTenantModels: (id: string, models: string[]) =>
      http.put(tenantModelsResponse, `${tenantPath(id)}/models`, { models }),
    models: () => http.get(adminModelList, "/models"),
    createModel: (body: ModelCreateRequest) => http.post(adminModel, "/models", body),
    patchModel: (id: string, body: ModelPatchRequest) =>
      http.patch(adminModel, `/models/${encodeURIComponent(id)}`, body),
    usage: (q: Query) => http.get(usageSummary, `/usage${queryString(q)}`),
    tasks: (q: Query) => http.get(adminTaskPage, `/tasks${queryString(q)}`),
    audit: (q: Query) => http.get(adminAuditPage, `/audit${queryString(q)}`),
    packages: () => http.get(rechargePackageList, "/packages"),
    createPackage: (body: PackageCreateRequest) => http.post(rechargePackage, "/packages", body),
    patchPackage: (id: string, body: PackagePatchRequest) =>
      http.patch(rechargePackage, `/packages/${encodeURIComponent(id)}`, body),
    deletePackage: (id: string) => http.delete(rechargePackage, `/packages/${encodeURIComponent(id)}`),
    orders: (q: Query) => http.get(orderPage, `/orders${queryString(q)}`),
    reconcileOrder: (id: string) =>
      http.post(
        z.object({ order: orderView, outcome: z.string(), reason: z.string().nullable() }),
        `/orders/${encodeURIComponent(id)}/reconcile`,
      ),
    settings: () => http.get(settingsView, "/settings"),
    patchSettings: (body: SettingsPatchRequest) => http.patch(settingsView, "/settings", body),
    accounts: () => http.get(adminAccountList, "/admins"),
    createAccount: (body: AdminCreateRequest) => http.post(adminAccount, "/admins", body),
    patchAccount: (id: string, body: AdminPatchRequest) =>
      http.patch(adminAccount, `/admins/${encodeURIComponent(id)}`, body),
  };
}

export type AdminApi = ReturnType<typeof createAdminApi>;

/** The console's client: the operator's token, and a stale one (not a failed login) sends them back to the login form. */
export const adminApi = createAdminApi({
  baseUrl: import.meta.env.VITE_API_BASE_URL ?? "",
  getToken: () => adminSession()?.token ?? null,
  onUnauthorized: () => {
    if (adminSession()) adminSignOut();
  },
});
