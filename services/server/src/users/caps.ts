// A member's spending caps (credits per UTC day and month), set by a tenant admin or an operator; the hold enforces them.
import type { ServerDb } from "@waule/db/connect";
import { type TenantUser, tenantUsers } from "@waule/db/server";
import { AppError } from "@waule/shared/errors";
import type { MemberCapsRequest } from "@waule/shared/key-limits";
import { and, eq } from "drizzle-orm";

/** Sets (or, with null, removes) the caps; another tenant's user is 404 and nothing changes. */
export async function setMemberCaps(
  db: ServerDb,
  tenantId: string,
  userId: string,
  body: MemberCapsRequest,
): Promise<TenantUser> {
  const patch: Partial<TenantUser> = {};
  if (body.cap_daily !== undefined) patch.capDaily = body.cap_daily;
  if (body.cap_monthly !== undefined) patch.capMonthly = body.cap_monthly;
  const [row] = await db
    .update(tenantUsers)
    .set(patch)
    .where(and(eq(tenantUsers.id, userId), eq(tenantUsers.tenantId, tenantId)))
    .returning();
  if (!row) throw new AppError("not_found", `user ${userId} not found`);
  return row;
}
