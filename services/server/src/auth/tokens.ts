// Tenant-user JWTs (HS256, 7 days): what the web app sends after logging in.
import { sign, verify } from "hono/jwt";
import { z } from "zod";

export const TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;

const tokenPayload = z.object({
  tenantId: z.string().min(1),
  userId: z.string().min(1),
  type: z.literal("tenant_user"),
  exp: z.number().int(),
});
export type TenantUserToken = z.infer<typeof tokenPayload>;

export async function signTenantUserToken(secret: string, input: { tenantId: string; userId: string; nowMs: number }) {
  const exp = Math.floor(input.nowMs / 1000) + TOKEN_TTL_SECONDS;
  const token = await sign({ tenantId: input.tenantId, userId: input.userId, type: "tenant_user", iat: Math.floor(input.nowMs / 1000), exp }, secret, "HS256");
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/** The token's claims, or null when it is malformed, forged, expired or not a tenant-user token. */
export async function readTenantUserToken(secret: string, token: string, nowMs: number): Promise<TenantUserToken | null> {
  try {
    const payload = tokenPayload.safeParse(await verify(token, secret, "HS256"));
    if (!payload.success) return null;
    // hono checks exp against the wall clock; this checks it against the injected clock too.
    return payload.data.exp * 1000 > nowMs ? payload.data : null;
  } catch {
    return null;
  }
}
