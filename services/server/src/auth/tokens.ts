// Tenant-user JWTs (HS256, 7 days): what the web app sends after logging in. `ver` is the user's token_version
// when the token was issued; the auth middleware refuses it once the version has moved on (password, role, deactivation).
import { sign, verify } from "hono/jwt";
import { z } from "zod";

export const TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;

const tokenPayload = z.object({
  tenantId: z.string().min(1),
  userId: z.string().min(1),
  type: z.literal("tenant_user"),
  /** Absent in tokens issued before versions existed: those count as version 0. */
  ver: z.number().int().min(0).default(0),
  exp: z.number().int(),
  iat: z.number().int().optional(),
});
export type TenantUserToken = z.infer<typeof tokenPayload>;

export async function signTenantUserToken(
  secret: string,
  input: { tenantId: string; userId: string; tokenVersion?: number; nowMs: number },
) {
  const iat = Math.floor(input.nowMs / 1000);
  const exp = iat + TOKEN_TTL_SECONDS;
  const token = await sign(
    { tenantId: input.tenantId, userId: input.userId, type: "tenant_user", ver: input.tokenVersion ?? 0, iat, exp },
    secret,
    "HS256",
  );
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/** The claims of an HS256 token that fits `schema`, or null when it is malformed, forged, expired, from the future or of another shape. */
export async function readSignedClaims<S extends z.ZodType<{ exp: number; iat?: number | undefined }>>(
  schema: S,
  secret: string,
  token: string,
  nowMs: number,
): Promise<z.infer<S> | null> {
  try {
    // Times are judged against the injected clock only (the one that issued the token), not hono's wall clock.
    const payload = schema.safeParse(await verify(token, secret, { alg: "HS256", exp: false, iat: false, nbf: false }));
    if (!payload.success) return null;
    const { exp, iat } = payload.data;
    if (iat !== undefined && iat * 1000 > nowMs + 60_000) return null;
    return exp * 1000 > nowMs ? payload.data : null;
  } catch {
    return null;
  }
}

/** The token's claims, or null when it is malformed, forged, expired or not a tenant-user token. */
export function readTenantUserToken(secret: string, token: string, nowMs: number): Promise<TenantUserToken | null> {
  return readSignedClaims(tokenPayload, secret, token, nowMs);
}
