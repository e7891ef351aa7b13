// Tenant self-service calls (/tenant, /tenant/users|keys|ledger|storage, /webhooks, /me/password), checked against the shared schemas.

import {
  type BalanceAlertRequest,
  type BalanceAlertSettings,
  balanceAlertSettings,
} from "@waule/shared/balance-alerts";
import type { KeyLimitsRequest, MemberCapsRequest } from "@waule/shared/key-limits";
import { type LedgerCallPage, type LedgerCallQuery, ledgerCallPage } from "@waule/shared/ledger";
import { type RedeemResponse, redeemResponse } from "@waule/shared/redemption";
import { type MonthlyStatement, monthlyStatement } from "@waule/shared/statements";
import {
  type WebhookDeliveryList,
  type WebhookSettings,
  type WebhookSettingsRequest,
  webhookDeliveryList,
  webhookSettings,
} from "@waule/shared/tasks";
import {
  type ApiKeyList,
  type ApiKeyView,
  apiKeyList,
  apiKeyView,
  type ChangePasswordRequest,
  type ChangePasswordResponse,
  type CreatedApiKey,
  type CreateTenantUserRequest,
  changePasswordResponse,
  createdApiKey,
  type LedgerPage,
  type LedgerQuery,
  ledgerPage,
  type TenantInfo,
  type TenantStorageViewAnswer,
  type TenantUserList,
  type TenantUserView,
  tenantInfo,
  tenantStorageView,
  tenantUserList,
  tenantUserView,
  type UpdateTenantUserRequest,
} from "@waule/shared/tenant-admin";
import { type UsageRange, type UsageSeries, usageSeries } from "@waule/shared/usage-series";
import { type Http, queryString } from "./http";

/** Which CSV of a statement: the credit ledger or the usage rows. */
export type StatementCsv = "ledger" | "usage";
export type CsvRange = { from?: string; to?: string };

export type CustomStorageInput = Extract<TenantStorageViewAnswer, { mode: "CUSTOM" }>;
export type LedgerLineFilter = Pick<LedgerCallQuery, "page" | "limit" | "kind" | "from" | "to">;
export type LedgerFilter = Pick<LedgerQuery, "page" | "limit" | "kind" | "from" | "to">;

export function teamCalls(http: Http) {
  return {
    tenant: (): Promise<TenantInfo> => http.get(tenantInfo, "/tenant"),
    users: (): Promise<TenantUserList> => http.get(tenantUserList, "/tenant/users"),
    createUser: (body: CreateTenantUserRequest): Promise<TenantUserView> =>
      http.post(tenantUserView, "/tenant/users", body),
    updateUser: (id: string, body: UpdateTenantUserRequest): Promise<TenantUserView> =>
      http.patch(tenantUserView, `/tenant/users/${encodeURIComponent(id)}`, body),
    setUserCaps: (id: string, body: MemberCapsRequest): Promise<TenantUserView> =>
      http.patch(tenantUserView, `/tenant/users/${encodeURIComponent(id)}/caps`, body),
    setKeyLimits: (id: string, body: KeyLimitsRequest): Promise<ApiKeyView> =>
      http.patch(apiKeyView, `/tenant/keys/${encodeURIComponent(id)}/limits`, body),
    keys: (): Promise<ApiKeyList> => http.get(apiKeyList, "/tenant/keys"),
    createKey: (name: string): Promise<CreatedApiKey> => http.post(createdApiKey, "/tenant/keys", { name }),
    revokeKey: (id: string): Promise<ApiKeyView> =>
      http.post(apiKeyView, `/tenant/keys/${encodeURIComponent(id)}/revoke`),
    rotateKey: (id: string): Promise<CreatedApiKey> =>
      http.post(createdApiKey, `/tenant/keys/${encodeURIComponent(id)}/rotate`),
    ledger(filter: LedgerFilter): Promise<LedgerPage> {
      return http.get(
        ledgerPage,
        `/tenant/ledger${queryString({ page: filter.page, limit: filter.limit, kind: filter.kind, from: filter.from, to: filter.to })}`,
      );
    },
    /** One line per call (hold and settle folded) and per credit movement. */
    ledgerCalls(filter: LedgerLineFilter): Promise<LedgerCallPage> {
      return http.get(
        ledgerCallPage,
        `/tenant/ledger/calls${queryString({ page: filter.page, limit: filter.limit, kind: filter.kind, from: filter.from, to: filter.to })}`,
      );
    },
    usageSeries: (q: { range: UsageRange; model?: string }): Promise<UsageSeries> =>
      http.get(usageSeries, `/tenant/usage/series${queryString(q)}`),
    storage: (): Promise<TenantStorageViewAnswer> => http.get(tenantStorageView, "/tenant/storage"),
    /** The server checks the bucket (write, read, delete a probe) before it saves anything. */
    saveCustomStorage: ({ mode: _mode, ...config }: CustomStorageInput): Promise<TenantStorageViewAnswer> =>
      http.put(tenantStorageView, "/tenant/storage", config),
    usePlatformStorage: (): Promise<TenantStorageViewAnswer> => http.delete(tenantStorageView, "/tenant/storage"),
    webhook: (): Promise<WebhookSettings> => http.get(webhookSettings, "/webhooks"),
    saveWebhook: (body: WebhookSettingsRequest): Promise<WebhookSettings> =>
      http.put(webhookSettings, "/webhooks", body),
    deliveries: (page: number): Promise<WebhookDeliveryList> =>
      http.get(webhookDeliveryList, `/webhooks/deliveries?page=${page}&limit=20`),
    redeem: (code: string): Promise<RedeemResponse> => http.post(redeemResponse, "/redeem", { code }),
    balanceAlert: (): Promise<BalanceAlertSettings> => http.get(balanceAlertSettings, "/tenant/balance-alert"),
    setBalanceAlert: (body: BalanceAlertRequest): Promise<BalanceAlertSettings> =>
      http.put(balanceAlertSettings, "/tenant/balance-alert", body),
    monthlyStatement: (month: string): Promise<MonthlyStatement> =>
      http.get(monthlyStatement, `/tenant/statements/monthly${queryString({ month })}`),
    /** The streamed CSV, as a file to save. */
    statementCsv: async (which: StatementCsv, range: CsvRange): Promise<Blob> =>
      (await http.send(`/tenant/statements/${which}.csv${queryString(range)}`)).blob(),
    /** The change ends every session of the user; the answer's token carries this one on. */
    changePassword: (body: ChangePasswordRequest): Promise<ChangePasswordResponse> =>
      http.post(changePasswordResponse, "/me/password", body),
  };
}
