// Recharge packages: the operator's catalogue of what tenants can buy (price in minor units → credits + bonus).
import type { ServerDb } from "@waule/db/connect";
import { type RechargePackage, rechargePackages } from "@waule/db/server";
import type { Ids } from "@waule/shared/clock";
import { AppError } from "@waule/shared/errors";
import type { PackageCreateRequest, PackagePatchRequest, RechargePackageView } from "@waule/shared/packages";
import { packageCreateRequest } from "@waule/shared/packages";
import { and, asc, eq } from "drizzle-orm";

export function toPackageView(p: RechargePackage): RechargePackageView {
  return {
    id: p.id,
    name: p.name,
    currency: p.currency,
    price: p.price,
    credits: p.credits,
    bonusCredits: p.bonusCredits,
    validityDays: p.validityDays,
    enabled: p.enabled,
    sortOrder: p.sortOrder,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** Operators see every package; tenants only the enabled ones. Sort order first, then oldest first. */
export async function listPackages(db: ServerDb, opts: { enabledOnly: boolean }): Promise<RechargePackage[]> {
  return db
    .select()
    .from(rechargePackages)
    .where(opts.enabledOnly ? eq(rechargePackages.enabled, true) : undefined)
    .orderBy(asc(rechargePackages.sortOrder), asc(rechargePackages.createdAt), asc(rechargePackages.id));
}

export async function getPackage(db: ServerDb, id: string): Promise<RechargePackage> {
  const found = await db.query.rechargePackages.findFirst({ where: eq(rechargePackages.id, id) });
  if (!found) throw new AppError("not_found", `package ${id} not found`);
  return found;
}

/** The package a tenant may buy: it exists and is enabled (a disabled one answers the same 404 as a missing one). */
export async function getBuyablePackage(db: ServerDb, id: string): Promise<RechargePackage> {
  const found = await db.query.rechargePackages.findFirst({
    where: and(eq(rechargePackages.id, id), eq(rechargePackages.enabled, true)),
  });
  if (!found) throw new AppError("not_found", `package ${id} not found or not on sale`);
  return found;
}

export async function createPackage(
  ctx: { db: ServerDb; ids: Ids; now: number },
  input: PackageCreateRequest,
): Promise<RechargePackage> {
  const body = packageCreateRequest.parse(input);
  const [row] = await ctx.db
    .insert(rechargePackages)
    .values({ id: ctx.ids.make("pkg"), ...body, createdAt: new Date(ctx.now), updatedAt: new Date(ctx.now) })
    .returning();
  if (!row) throw new AppError("internal_error", "the package was not written");
  return row;
}

export async function patchPackage(
  ctx: { db: ServerDb; now: number },
  id: string,
  patch: PackagePatchRequest,
): Promise<{ before: RechargePackage; after: RechargePackage }> {
  const before = await getPackage(ctx.db, id);
  const [after] = await ctx.db
    .update(rechargePackages)
    .set({ ...patch, updatedAt: new Date(ctx.now) })
    .where(eq(rechargePackages.id, id))
    .returning();
  if (!after) throw new AppError("not_found", `package ${id} not found`);
  return { before, after };
}

/** Orders keep their own copy of the package, so deleting one changes no order. */
export async function deletePackage(db: ServerDb, id: string): Promise<RechargePackage> {
  const [gone] = await db.delete(rechargePackages).where(eq(rechargePackages.id, id)).returning();
  if (!gone) throw new AppError("not_found", `package ${id} not found`);
  return gone;
}
