// Operator JWTs (HS256, 12 hours): a claim type of their own, so a tenant-user token never passes admin auth and vice versa.
// `ver` is the operator's token_version at issue; admin auth refuses it once that has moved on.
import { sign } from "hono/jwt";
import { z } from "zod";
import { readSignedClaims } from "../auth/tokens";

export const ADMIN_TOKEN_TTL_SECONDS = 12 * 60 * 60;

const adminTokenPayload = z.object({
  adminId: z.string().min(1),
  type: z.literal("admin"),
  ver: z.number().int().min(0).default(0),
  exp: z.number().int(),
  iat: z.number().int().optional(),
});
export type AdminToken = z.infer<typeof adminTokenPayload>;

export async function signAdminToken(secret: string, input: { adminId: string; tokenVersion?: number; nowMs: number }) {
  const iat = Math.floor(input.nowMs / 1000);
  const exp = iat + ADMIN_TOKEN_TTL_SECONDS;
  const token = await sign(
    { adminId: input.adminId, type: "admin", ver: input.tokenVersion ?? 0, iat, exp },
    secret,
    "HS256",
  );
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/** The claims, or null when the token is malformed, forged, expired or of another type (a tenant user's). */
export function readAdminToken(secret: string, token: string, nowMs: number): Promise<AdminToken | null> {
  return readSignedClaims(adminTokenPayload, secret, token, nowMs);
}
