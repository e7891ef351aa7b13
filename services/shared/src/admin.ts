// /admin/api: every operator request and answer, shared by the server's admin routes and the web console.
import { z } from "zod";
import { apiKeyView } from "./api-keys";
import { MAX_CHAT_TOKENS } from "./chat";
import { ledgerEntry } from "./ledger";
import { type ModelCapability, modelCapability, modelPriceUnit, providerName } from "./models";
import { pageOf, pageQuery } from "./pagination";
import { seats } from "./tenant-users";
import { videoResolution } from "./videos";

const iso = z.string();
const note = z.string().trim().min(1, "a note is required").max(500);
const search = z.string().trim().max(200).optional();

// ---- auth ----

export const adminRole = z.enum(["owner", "operator"]);
export type AdminRole = z.infer<typeof adminRole>;

export const adminUsername = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.@-]{3,100}$/, "3-100 letters, digits or _.@-");
export const adminPassword = z.string().min(10, "at least 10 characters").max(200);

export const adminLoginRequest = z
  .object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) })
  .strict();
export type AdminLoginRequest = z.infer<typeof adminLoginRequest>;

export const adminIdentity = z.object({ id: z.string(), username: z.string(), role: adminRole });
export type AdminIdentity = z.infer<typeof adminIdentity>;

export const adminLoginResponse = z.object({ token: z.string(), expiresAt: iso, admin: adminIdentity });
export type AdminLoginResponse = z.infer<typeof adminLoginResponse>;

/** An operator account as listed to owners; the password hash never leaves the server. */
export const adminAccount = adminIdentity.extend({
  isActive: z.boolean(),
  createdAt: iso,
  lastLoginAt: iso.nullable(),
});
export type AdminAccount = z.infer<typeof adminAccount>;
export const adminAccountList = z.object({ data: z.array(adminAccount) });
export type AdminAccountList = z.infer<typeof adminAccountList>;

/** Owners only: another operator account. */
export const adminCreateRequest = z
  .object({ username: adminUsername, password: adminPassword, role: adminRole.default("operator") })
  .strict();
export type AdminCreateRequest = z.input<typeof adminCreateRequest>;

/** Owners only: deactivate/reactivate, change role, or set a new password. */
export const adminPatchRequest = z
  .object({ isActive: z.boolean().optional(), role: adminRole.optional(), password: adminPassword.optional() })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "nothing to change");
export type AdminPatchRequest = z.infer<typeof adminPatchRequest>;

// ---- dashboard ----

export const adminDashboard = z.object({
  tenants: z.number().int(),
  activeTenants: z.number().int(),
  /** Sum of every tenant's balance: credits sold and not yet spent. */
  creditsOutstanding: z.number().int(),
  /** Today in UTC. */
  today: z.object({ day: z.string(), calls: z.number().int(), credits: z.number().int() }),
});
export type AdminDashboard = z.infer<typeof adminDashboard>;

// ---- tenants ----

export const adminTenant = z.object({
  id: z.string(),
  name: z.string(),
  credits: z.number().int(),
  isActive: z.boolean(),
  maxUsers: z.number().int(),
  storageMode: z.enum(["PLATFORM", "CUSTOM"]),
  /** The price group the tenant pays by; null: the catalogue's prices. */
  priceGroupId: z.string().nullable(),
  createdAt: iso,
  updatedAt: iso,
});
export type AdminTenant = z.infer<typeof adminTenant>;

export const tenantListQuery = pageQuery.extend({
  q: search,
  sort: z.enum(["createdAt", "name", "credits"]).default("createdAt"),
  active: z.enum(["true", "false"]).optional(),
});
export type TenantListQuery = z.infer<typeof tenantListQuery>;
export const adminTenantPage = pageOf(adminTenant);
export type AdminTenantPage = z.infer<typeof adminTenantPage>;

export const maxUsersField = z.number().int().min(1).max(100_000);

export const tenantCreateRequest = z
  .object({
    name: z.string().trim().min(1).max(200),
    credits: z.number().int().min(0).max(1_000_000_000).default(0),
    maxUsers: maxUsersField.optional(),
  })
  .strict();
export type TenantCreateRequest = z.input<typeof tenantCreateRequest>;

/** The tenant's first API key is in this answer and never again. */
export const tenantCreateResponse = z.object({ tenant: adminTenant, apiKey: z.string(), apiKeyId: z.string() });
export type TenantCreateResponse = z.infer<typeof tenantCreateResponse>;

export const tenantPatchRequest = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    isActive: z.boolean().optional(),
    maxUsers: maxUsersField.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "nothing to change");
export type TenantPatchRequest = z.infer<typeof tenantPatchRequest>;

export const adminTenantDetail = z.object({
  tenant: adminTenant,
  users: seats,
  activeKeys: z.number().int(),
  /** Empty: every enabled model is allowed. */
  enabledModels: z.array(z.string()),
});
export type AdminTenantDetail = z.infer<typeof adminTenantDetail>;

// ---- credits ----

export const rechargeRequest = z.object({ credits: z.number().int().min(1).max(1_000_000_000), note }).strict();
export type RechargeRequest = z.infer<typeof rechargeRequest>;

export const adjustRequest = z
  .object({
    credits: z
      .number()
      .int()
      .min(-1_000_000_000)
      .max(1_000_000_000)
      .refine((n) => n !== 0, "must not be 0"),
    note,
  })
  .strict();
export type AdjustRequest = z.infer<typeof adjustRequest>;

/** The ledger row a recharge or adjustment wrote, with the balance after it. */
export const creditChangeResponse = z.object({ balance: z.number().int(), entry: ledgerEntry });
export type CreditChangeResponse = z.infer<typeof creditChangeResponse>;

export type { LedgerEntry as AdminLedgerEntry, LedgerPage as AdminLedgerPage, LedgerQuery } from "./ledger";
// Ledger rows, keys and users have one schema each, shared with tenant self-service; these names are the console's.
export { ledgerEntry as adminLedgerEntry, ledgerKind, ledgerPage as adminLedgerPage, ledgerQuery } from "./ledger";

// ---- tenant API keys ----

export type {
  ApiKeyList as AdminApiKeyList,
  ApiKeyView as AdminApiKey,
  CreateApiKeyRequest as KeyCreateRequest,
} from "./api-keys";
export {
  apiKeyList as adminApiKeyList,
  apiKeyView as adminApiKey,
  createApiKeyRequest as keyCreateRequest,
} from "./api-keys";
/** The full key is in this answer and never again. */
export const keyCreateResponse = z.object({ key: z.string(), apiKey: apiKeyView });
export type KeyCreateResponse = z.infer<typeof keyCreateResponse>;

// ---- tenant users ----

export type {
  CreateTenantUserRequest as UserCreateRequest,
  TenantUserList as AdminTenantUserList,
  TenantUserView as AdminTenantUser,
  UpdateTenantUserRequest as UserPatchRequest,
} from "./tenant-users";
export {
  createTenantUserRequest as userCreateRequest,
  tenantRole as tenantUserRole,
  tenantUserList as adminTenantUserList,
  tenantUserPassword,
  tenantUserView as adminTenantUser,
  updateTenantUserRequest as userPatchRequest,
} from "./tenant-users";

// ---- models ----

const multiplier = z.number().finite().min(0).max(1000);
const deadlineSeconds = z
  .number()
  .int()
  .min(10)
  .max(7 * 24 * 3600);

/**
 * The pricing JSON each capability's price rule reads (services/shared/src/pricing.ts and the
 * server's tasks/deadline.ts); any other key would be silently ignored, so it is refused.
 */
export const pricingByCapability = {
  image: z.object({}).strict(),
  speech: z.object({}).strict(),
  chat: z.object({ maxTokens: z.number().int().min(1).max(MAX_CHAT_TOKENS).optional() }).strict(),
  video: z
    .object({
      ...Object.fromEntries(videoResolution.options.map((r) => [r, multiplier.optional()])),
      deadlineSeconds: deadlineSeconds.optional(),
    })
    .strict(),
  midjourney: z
    .object({
      upscale: multiplier.optional(),
      variation: multiplier.optional(),
      reroll: multiplier.optional(),
      action: multiplier.optional(),
      deadlineSeconds: deadlineSeconds.optional(),
    })
    .strict(),
} satisfies Record<ModelCapability, z.ZodType>;

export type ModelPricing = Record<string, number>;

/** Null when the pricing JSON fits the capability, else a message naming the bad key. */
export function pricingProblem(capability: ModelCapability, pricing: unknown): string | null {
  if (pricing === null || pricing === undefined) return null;
  const parsed = pricingByCapability[capability].safeParse(pricing);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  return `pricing${issue?.path.length ? `.${issue.path.join(".")}` : ""}: ${issue?.message ?? "invalid"}`;
}

export const adminModel = z.object({
  id: z.string(),
  capability: modelCapability,
  provider: z.string(),
  upstreamModel: z.string(),
  displayName: z.string(),
  priceUnit: modelPriceUnit,
  price: z.number().int(),
  pricing: z.record(z.string(), z.number()).nullable(),
  enabled: z.boolean(),
  sortOrder: z.number().int(),
  createdAt: iso,
});
export type AdminModel = z.infer<typeof adminModel>;
export const adminModelList = z.object({ data: z.array(adminModel) });
export type AdminModelList = z.infer<typeof adminModelList>;

export const modelListQuery = z.object({ q: search, capability: modelCapability.optional() });

const modelFields = {
  provider: z.string().trim().pipe(providerName),
  upstreamModel: z.string().trim().min(1).max(200),
  displayName: z.string().trim().min(1).max(200),
  priceUnit: modelPriceUnit,
  price: z.number().int().min(0).max(1_000_000),
  pricing: z.record(z.string(), z.number()).nullable(),
  enabled: z.boolean(),
  sortOrder: z.number().int().min(-1_000_000).max(1_000_000),
};

export const modelCreateRequest = z
  .object({
    id: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._:-]{1,100}$/, "1-100 letters, digits or ._:-"),
    capability: modelCapability,
    ...modelFields,
    pricing: modelFields.pricing.optional(),
    enabled: modelFields.enabled.default(true),
    sortOrder: modelFields.sortOrder.default(0),
  })
  .strict()
  .superRefine((v, ctx) => {
    const problem = pricingProblem(v.capability, v.pricing);
    if (problem) ctx.addIssue({ code: "custom", path: ["pricing"], message: problem });
  });
export type ModelCreateRequest = z.input<typeof modelCreateRequest>;

/** The capability is fixed at creation; pricing is checked against it by the server (it knows the row). */
export const modelPatchRequest = z
  .object({
    provider: modelFields.provider.optional(),
    upstreamModel: modelFields.upstreamModel.optional(),
    displayName: modelFields.displayName.optional(),
    priceUnit: modelFields.priceUnit.optional(),
    price: modelFields.price.optional(),
    pricing: modelFields.pricing.optional(),
    enabled: modelFields.enabled.optional(),
    sortOrder: modelFields.sortOrder.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "nothing to change");
export type ModelPatchRequest = z.infer<typeof modelPatchRequest>;

/** PUT /tenants/:id/models: the complete allowed set; an empty list allows every enabled model again. */
export const tenantModelsRequest = z.object({ models: z.array(z.string().min(1).max(100)).max(500) }).strict();
export type TenantModelsRequest = z.infer<typeof tenantModelsRequest>;
export const tenantModelsResponse = z.object({ models: z.array(z.string()) });
export type TenantModelsResponse = z.infer<typeof tenantModelsResponse>;

// ---- usage and tasks ----

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");

export const usageSummaryQuery = z
  .object({ from: day, to: day, tenantId: z.string().max(100).optional(), model: z.string().max(100).optional() })
  .refine((v) => v.from <= v.to, { message: "from must not be after to", path: ["from"] })
  .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 366 * 86_400_000, {
    message: "at most 366 days",
    path: ["to"],
  });
export type UsageSummaryQuery = z.infer<typeof usageSummaryQuery>;

export const usageSummaryRow = z.object({
  day: z.string(),
  tenantId: z.string(),
  tenantName: z.string(),
  model: z.string(),
  calls: z.number().int(),
  credits: z.number().int(),
});
export type UsageSummaryRow = z.infer<typeof usageSummaryRow>;
export const usageSummary = z.object({
  data: z.array(usageSummaryRow),
  totals: z.object({ calls: z.number().int(), credits: z.number().int() }),
});
export type UsageSummary = z.infer<typeof usageSummary>;

export const adminTaskStatus = z.enum(["queued", "running", "succeeded", "failed", "canceled"]);

export const adminTaskQuery = pageQuery.extend({
  status: adminTaskStatus.optional(),
  tenantId: z.string().max(100).optional(),
  type: z.enum(["video", "midjourney"]).optional(),
  q: search,
});
export type AdminTaskQuery = z.infer<typeof adminTaskQuery>;

export const adminTask = z.object({
  id: z.string(),
  tenantId: z.string(),
  tenantName: z.string(),
  type: z.string(),
  model: z.string(),
  status: adminTaskStatus,
  progress: z.number().int(),
  heldCredits: z.number().int(),
  chargedCredits: z.number().int().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: iso,
  finishedAt: iso.nullable(),
});
export type AdminTask = z.infer<typeof adminTask>;
export const adminTaskPage = pageOf(adminTask);
export type AdminTaskPage = z.infer<typeof adminTaskPage>;

// ---- audit ----

export const adminAuditEntry = z.object({
  seq: z.number().int(),
  adminId: z.string(),
  adminUsername: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  createdAt: iso,
});
export type AdminAuditEntry = z.infer<typeof adminAuditEntry>;

export const auditQuery = pageQuery.extend({
  action: z.string().max(100).optional(),
  targetId: z.string().max(100).optional(),
  adminId: z.string().max(100).optional(),
});
export type AuditQuery = z.infer<typeof auditQuery>;
export const adminAuditPage = pageOf(adminAuditEntry);
export type AdminAuditPage = z.infer<typeof adminAuditPage>;
