// A tenant's users as both the operator console and the tenant's own admins see and change them (one shape for both).
import { z } from "zod";
import { memberCapsView } from "./key-limits";

export const tenantRole = z.enum(["member", "admin"]);
export type TenantRole = z.infer<typeof tenantRole>;

/** Seats are held by active users: `used` counts them, `max` is the tenant's limit (tenants.maxUsers). */
export const seats = z.object({ used: z.number().int(), max: z.number().int() });
export type Seats = z.infer<typeof seats>;

export const tenantUserView = z.object({
  id: z.string(),
  username: z.string(),
  nickname: z.string().nullable(),
  role: tenantRole,
  isActive: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
  caps: memberCapsView,
});
export type TenantUserView = z.infer<typeof tenantUserView>;
export const tenantUserList = z.object({ data: z.array(tenantUserView), seats });
export type TenantUserList = z.infer<typeof tenantUserList>;

export const tenantUsername = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.@-]{3,100}$/, "username must be 3-100 letters, digits or _.@-");
export const tenantUserPassword = z.string().min(8, "password must be at least 8 characters").max(200);
const nickname = z.string().trim().max(100).nullable();

export const createTenantUserRequest = z
  .object({
    username: tenantUsername,
    password: tenantUserPassword,
    nickname: nickname.optional(),
    role: tenantRole.default("member"),
  })
  .strict();
export type CreateTenantUserRequest = z.input<typeof createTenantUserRequest>;

/** A password here is an admin's reset: the user's sessions end and they sign in with it. */
export const updateTenantUserRequest = z
  .object({
    nickname: nickname.optional(),
    role: tenantRole.optional(),
    isActive: z.boolean().optional(),
    password: tenantUserPassword.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, "nothing to change");
export type UpdateTenantUserRequest = z.input<typeof updateTenantUserRequest>;
