// Tenant self-service (/api/v1/tenant, /me/password): the tenant's own view and answers. Users, keys and ledger
// rows have one schema each (tenant-users.ts, api-keys.ts, ledger.ts), shared with the operator console.
import { z } from "zod";
import { apiKeyView } from "./api-keys";
import { seats, tenantRole, tenantUserPassword } from "./tenant-users";

export * from "./api-keys";
export * from "./ledger";
export * from "./tenant-users";

/** GET /api/v1/tenant: the tenant, its seats, and what the caller may do. */
export const tenantInfo = z.object({
  id: z.string(),
  name: z.string(),
  credits: z.number().int(),
  seats,
  caller: z.object({ via: z.enum(["api_key", "tenant_user"]), role: tenantRole.nullable(), canManage: z.boolean() }),
});
export type TenantInfo = z.infer<typeof tenantInfo>;

export const changePasswordRequest = z
  .object({ oldPassword: z.string().min(1).max(200), newPassword: tenantUserPassword })
  .strict();
export type ChangePasswordRequest = z.infer<typeof changePasswordRequest>;

/** POST /api/v1/me/password: the change ended every session of the user, this one included; `token` carries the caller on. */
export const changePasswordResponse = z.object({ ok: z.literal(true), token: z.string(), expiresAt: z.string() });
export type ChangePasswordResponse = z.infer<typeof changePasswordResponse>;

/** The only answer that carries a full key: on create and rotate, once. */
export const createdApiKey = z.object({ key: z.string(), record: apiKeyView, revoked: apiKeyView.optional() });
export type CreatedApiKey = z.infer<typeof createdApiKey>;

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
export type TenantStorageView = z.infer<typeof tenantStorageView>;
/** The name the web client knows it by. */
export type TenantStorageViewAnswer = TenantStorageView;
