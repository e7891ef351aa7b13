// Recharge packages: what operators sell (/admin/api/packages) and tenants see (/api/v1/packages).
import { z } from "zod";

export const currency = z.enum(["CNY", "USD"]);
export type Currency = z.infer<typeof currency>;

const minorUnits = z.number().int().min(1, "must be at least 1 minor unit").max(100_000_000);
const credits = z.number().int().min(1).max(1_000_000_000);
const bonus = z.number().int().min(0).max(1_000_000_000);
const validityDays = z.number().int().min(1).max(3650).nullable();

export const rechargePackage = z.object({
  id: z.string(),
  name: z.string(),
  currency,
  /** Integer minor units: fen for CNY, cents for USD. */
  price: z.number().int(),
  credits: z.number().int(),
  bonusCredits: z.number().int(),
  validityDays: z.number().int().nullable(),
  enabled: z.boolean(),
  sortOrder: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RechargePackageView = z.infer<typeof rechargePackage>;
export const rechargePackageList = z.object({ data: z.array(rechargePackage) });
export type RechargePackageList = z.infer<typeof rechargePackageList>;

export const packageCreateRequest = z
  .object({
    name: z.string().trim().min(1).max(100),
    currency,
    price: minorUnits,
    credits,
    bonusCredits: bonus.default(0),
    validityDays: validityDays.default(null),
    enabled: z.boolean().default(true),
    sortOrder: z.number().int().min(-1_000_000).max(1_000_000).default(0),
  })
  .strict();
export type PackageCreateRequest = z.input<typeof packageCreateRequest>;

export const packagePatchRequest = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    currency: currency.optional(),
    price: minorUnits.optional(),
    credits: credits.optional(),
    bonusCredits: bonus.optional(),
    validityDays: validityDays.optional(),
    enabled: z.boolean().optional(),
    sortOrder: z.number().int().min(-1_000_000).max(1_000_000).optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "nothing to change");
export type PackagePatchRequest = z.infer<typeof packagePatchRequest>;
