// Tenant self-service: what a tenant admin sees and sends when managing its own users, keys and ledger.
import { z } from "zod";
import { pageOf, pageQuery } from "./pagination";

export const tenantRole = z.enum(["member", "admin"]);
export type TenantRole = z.infer<typeof tenantRole>;

/** GET /api/v1/tenant: the tenant, its seats, and what the caller may do. */
export const tenantInfo = z.object({
  id: z.string(),
  name: z.string(),
  credits: z.number().int(),
  seats: z.object({ used: z.number().int(), max: z.number().int() }),
  caller: z.object({ via: z.enum(["api_key", "tenant_user"]), role: tenantRole.nullable(), canManage: z.boolean() }),
});
export type TenantInfo = z.infer<typeof tenantInfo>;

export const tenantUserView = z.object({
  id: z.string(),
  username: z.string(),
  nickname: z.string().nullable(),
  role: tenantRole,
  isActive: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type TenantUserView = z.infer<typeof tenantUserView>;
export const tenantUserList = z.object({ data: z.array(tenantUserView), seats: z.object({ used: z.number().int(), max: z.number().int() }) });
export type TenantUserList = z.infer<typeof tenantUserList>;

const password = z.string().min(8, "password must be at least 8 characters").max(200);
const nickname = z.string().trim().max(100).nullable();

export const createTenantUserRequest = z.object({
  username: z.string().trim().regex(/^[A-Za-z0-9_.@-]{3,100}$/, "username must be 3-100 letters, digits or _.@-"),
  password,
  nickname: nickname.optional(),
  role: tenantRole.default("member"),
}).strict();
export type CreateTenantUserRequest = z.input<typeof createTenantUserRequest>;

export const updateTenantUserRequest = z.object({
  nickname: nickname.optional(),
  role: tenantRole.optional(),
  isActive: z.boolean().optional(),
  /** An admin's reset: the user's new password (they should change it after signing in). */
  password: password.optional(),
}).strict().refine((b) => Object.keys(b).length > 0, "nothing to change");
export type UpdateTenantUserRequest = z.input<typeof updateTenantUserRequest>;

export const changePasswordRequest = z.object({ oldPassword: z.string().min(1).max(200), newPassword: password }).strict();
export type ChangePasswordRequest = z.infer<typeof changePasswordRequest>;

export const apiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKeyView = z.infer<typeof apiKeyView>;
export const apiKeyList = z.object({ data: z.array(apiKeyView) });
export type ApiKeyList = z.infer<typeof apiKeyList>;

export const createApiKeyRequest = z.object({ name: z.string().trim().min(1).max(100).default("default") }).strict();
export type CreateApiKeyRequest = z.input<typeof createApiKeyRequest>;

/** The only answer that carries a full key: on create and rotate, once. */
export const createdApiKey = z.object({ key: z.string(), record: apiKeyView, revoked: apiKeyView.optional() });
export type CreatedApiKey = z.infer<typeof createdApiKey>;

export const ledgerKind = z.enum(["hold", "settle", "release", "recharge", "adjust"]);
export const ledgerQuery = pageQuery.extend({
  kind: ledgerKind.optional(),
  /** ISO dates or datetimes; `to` is exclusive. */
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
});
export type LedgerQuery = z.infer<typeof ledgerQuery>;

export const ledgerEntry = z.object({
  seq: z.number().int(),
  kind: ledgerKind,
  amount: z.number().int(),
  balanceAfter: z.number().int(),
  holdId: z.string().nullable(),
  requestId: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type LedgerEntry = z.infer<typeof ledgerEntry>;
export const ledgerPage = pageOf(ledgerEntry);
export type LedgerPage = z.infer<typeof ledgerPage>;

/** GET/PUT/DELETE /api/v1/tenant/storage answers: where files go, credentials masked (server: tenant-storage/config.ts). */
export const tenantStorageView = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("PLATFORM") }),
  z.object({
    mode: z.literal("CUSTOM"),
    endpoint: z.string(),
    bucket: z.string(),
    region: z.string(),
    accessKeyId: z.string(),
    secretAccessKey: z.string(),
    publicBaseUrl: z.string().optional(),
    forcePathStyle: z.boolean(),
  }),
]);
export type TenantStorageViewAnswer = z.infer<typeof tenantStorageView>;
