// Price groups as operators define them and assign tenants to them (pricing.ts applyPriceGroup reads them).
import { z } from "zod";

const credits = z.number().finite().min(0).max(1_000_000);
export const priceOverride = z
  .object({
    price: credits.optional(),
    inputPrice: credits.optional(),
    outputPrice: credits.optional(),
    cachedInputPrice: credits.optional(),
  })
  .strict()
  .refine((o) => Object.keys(o).length > 0, { message: "an override names at least one price" });

const fields = {
  name: z.string().trim().min(1).max(100),
  ratio: z.number().finite().positive().max(100),
  overrides: z.record(z.string().trim().min(1).max(200), priceOverride),
};

export const priceGroupCreateRequest = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "id must be 1-40 lowercase letters, digits, - or _ (e.g. vip)"),
    name: fields.name,
    ratio: fields.ratio.default(1),
    overrides: fields.overrides.default({}),
  })
  .strict();
export type PriceGroupCreateRequest = z.input<typeof priceGroupCreateRequest>;

export const priceGroupPatchRequest = z
  .object({ name: fields.name.optional(), ratio: fields.ratio.optional(), overrides: fields.overrides.optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: "name, ratio or overrides" });
export type PriceGroupPatchRequest = z.infer<typeof priceGroupPatchRequest>;

export const priceGroupView = z.object({
  id: z.string(),
  name: z.string(),
  ratio: z.number(),
  overrides: z.record(z.string(), z.record(z.string(), z.number())),
  tenants: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PriceGroupView = z.infer<typeof priceGroupView>;
export const priceGroupList = z.object({ data: z.array(priceGroupView) });

/** PUT /admin/api/tenants/:id/price-group: a group id, or null for the catalogue's prices. */
export const tenantPriceGroupRequest = z.object({ priceGroupId: z.string().min(1).max(40).nullable() }).strict();
