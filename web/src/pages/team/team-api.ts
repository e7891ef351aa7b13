// Typed calls for tenant self-service (/tenant, /tenant/users|keys|ledger|storage, /webhooks, /me/password), checked against the shared schemas.
import {
  apiKeyList,
  apiKeyView,
  createdApiKey,
  ledgerPage,
  tenantInfo,
  tenantStorageView,
  tenantUserList,
  tenantUserView,
  type ApiKeyList,
  type ApiKeyView,
  type ChangePasswordRequest,
  type CreateTenantUserRequest,
  type CreatedApiKey,
  type LedgerPage,
  type LedgerQuery,
  type TenantInfo,
  type TenantStorageViewAnswer,
  type TenantUserList,
  type TenantUserView,
  type UpdateTenantUserRequest,
} from "@waule/shared/tenant-admin";
import { webhookDeliveryList, webhookSettings, type WebhookDeliveryList, type WebhookSettings, type WebhookSettingsRequest } from "@waule/shared/tasks";
import { z } from "zod";
import { ApiError, errorFromResponse } from "../../api/api-error";
import { session, signOut } from "../../session/session";

/** An API error whose details name the rule that refused it (seats_full, last_admin, last_key, …), so the page can say it in the user's language. */
export class TeamApiError extends ApiError {
  constructor(
    from: ApiError,
    readonly reason: string,
  ) {
    super(from.code, from.message, from.status);
  }
}

export type CustomStorageInput = Extract<TenantStorageViewAnswer, { mode: "CUSTOM" }>;
export type LedgerFilter = Pick<LedgerQuery, "page" | "limit" | "kind" | "from" | "to">;

export function createTeamApi(options: { baseUrl?: string; getToken: () => string | null; onUnauthorized?: () => void; fetch?: typeof fetch }) {
  const base = (options.baseUrl ?? "").replace(/\/+$/, "");
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));

  async function call<S extends z.ZodType>(schema: S, path: string, method = "GET", body?: unknown): Promise<z.infer<S>> {
    const headers = new Headers();
    const token = options.getToken();
    if (token) headers.set("authorization", `Bearer ${token}`);
    if (body !== undefined) headers.set("content-type", "application/json");
    let res: Response;
    try {
      res = await doFetch(`${base}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      throw new ApiError("network_error", err instanceof Error ? err.message : String(err), 0);
    }
    if (!res.ok) {
      const body = await res.clone().json().catch(() => null) as { error?: { details?: { reason?: unknown } } } | null;
      const error = await errorFromResponse(res);
      if (res.status === 401) options.onUnauthorized?.();
      const reason = body?.error?.details?.reason;
      throw typeof reason === "string" ? new TeamApiError(error, reason) : error;
    }
    const parsed = schema.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) throw new ApiError("unexpected_response", `${path}: ${parsed.error.issues[0]?.message ?? "bad shape"}`, res.status);
    return parsed.data;
  }

  return {
    tenant: (): Promise<TenantInfo> => call(tenantInfo, "/tenant"),
    users: (): Promise<TenantUserList> => call(tenantUserList, "/tenant/users"),
    createUser: (body: CreateTenantUserRequest): Promise<TenantUserView> => call(tenantUserView, "/tenant/users", "POST", body),
    updateUser: (id: string, body: UpdateTenantUserRequest): Promise<TenantUserView> => call(tenantUserView, `/tenant/users/${encodeURIComponent(id)}`, "PATCH", body),
    keys: (): Promise<ApiKeyList> => call(apiKeyList, "/tenant/keys"),
    createKey: (name: string): Promise<CreatedApiKey> => call(createdApiKey, "/tenant/keys", "POST", { name }),
    revokeKey: (id: string): Promise<ApiKeyView> => call(apiKeyView, `/tenant/keys/${encodeURIComponent(id)}/revoke`, "POST"),
    rotateKey: (id: string): Promise<CreatedApiKey> => call(createdApiKey, `/tenant/keys/${encodeURIComponent(id)}/rotate`, "POST"),
    ledger(filter: LedgerFilter): Promise<LedgerPage> {
      const params = new URLSearchParams({ page: String(filter.page), limit: String(filter.limit) });
      if (filter.kind) params.set("kind", filter.kind);
      if (filter.from) params.set("from", filter.from);
      if (filter.to) params.set("to", filter.to);
      return call(ledgerPage, `/tenant/ledger?${params}`);
    },
    storage: (): Promise<TenantStorageViewAnswer> => call(tenantStorageView, "/tenant/storage"),
    /** The server checks the bucket (write, read, delete a probe) before it saves anything. */
    saveCustomStorage: ({ mode: _mode, ...config }: CustomStorageInput): Promise<TenantStorageViewAnswer> => call(tenantStorageView, "/tenant/storage", "PUT", config),
    usePlatformStorage: (): Promise<TenantStorageViewAnswer> => call(tenantStorageView, "/tenant/storage", "DELETE"),
    webhook: (): Promise<WebhookSettings> => call(webhookSettings, "/webhooks"),
    saveWebhook: (body: WebhookSettingsRequest): Promise<WebhookSettings> => call(webhookSettings, "/webhooks", "PUT", body),
    deliveries: (page: number): Promise<WebhookDeliveryList> => call(webhookDeliveryList, `/webhooks/deliveries?page=${page}&limit=20`),
    changePassword: (body: ChangePasswordRequest): Promise<{ ok: boolean }> => call(z.object({ ok: z.boolean() }), "/me/password", "POST", body),
  };
}

export type TeamApi = ReturnType<typeof createTeamApi>;

export const teamApi = createTeamApi({
  baseUrl: import.meta.env.VITE_API_BASE_URL ?? "",
  getToken: () => session()?.token ?? null,
  onUnauthorized: signOut,
});
