// Operator JWTs (HS256, 12 hours): a claim type of their own, so a tenant-user token never passes admin auth and vice versa.
import { sign, verify } from "hono/jwt";
import { z } from "zod";

export const ADMIN_TOKEN_TTL_SECONDS = 12 * 60 * 60;

const adminTokenPayload = z.object({
  adminId: z.string().min(1),
  type: z.literal("admin"),
  exp: z.number().int(),
  iat: z.number().int().optional(),
});
export type AdminToken = z.infer<typeof adminTokenPayload>;

export async function signAdminToken(secret: string, input: { adminId: string; nowMs: number }) {
  const iat = Math.floor(input.nowMs / 1000);
  const exp = iat + ADMIN_TOKEN_TTL_SECONDS;
  const token = await sign({ adminId: input.adminId, type: "admin", iat, exp }, secret, "HS256");
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/** The claims, or null when the token is malformed, forged, expired or of another type (a tenant user's). */
export async function readAdminToken(secret: string, token: string, nowMs: number): Promise<AdminToken | null> {
  try {
    // Judged against the injected clock, as tenant tokens are, not hono's wall clock.
    const payload = adminTokenPayload.safeParse(await verify(token, secret, { alg: "HS256", exp: false, iat: false, nbf: false }));
    if (!payload.success) return null;
    const { exp, iat } = payload.data;
    if (iat !== undefined && iat * 1000 > nowMs + 60_000) return null;
    return exp * 1000 > nowMs ? payload.data : null;
  } catch {
    return null;
  }
}
