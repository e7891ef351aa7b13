// The limits a tenant API key may carry, as tenant admins and operators set them: quotas, expiry, models, IP ranges.
import ipaddr from "ipaddr.js";
import { z } from "zod";

const credits = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A CIDR (`10.0.0.0/8`, `2001:db8::/32`) or a single address (taken as /32 or /128). */
export const cidr = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((value) => parseRange(value) !== null, { message: "must be an IPv4 or IPv6 address or CIDR range" });

/** A parsed range, or null for anything else. */
export function parseRange(value: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | null {
  try {
    if (value.includes("/")) return ipaddr.parseCIDR(value);
    const address = ipaddr.parse(value);
    return [address, address.kind() === "ipv4" ? 32 : 128];
  } catch {
    return null;
  }
}

/** Whether `ip` (v4, v6 or v4-mapped v6) falls in any of the ranges; an unparsable address is in none. */
export function ipInRanges(ip: string, ranges: readonly string[]): boolean {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.process(ip);
  } catch {
    return false;
  }
  return ranges.some((range) => {
    const parsed = parseRange(range);
    if (!parsed) return false;
    const [net, bits] = parsed;
    const candidate =
      net.kind() === "ipv6" && address.kind() === "ipv4" ? (address as ipaddr.IPv4).toIPv4MappedAddress() : address;
    return candidate.kind() === net.kind() && candidate.match([net, bits] as Parameters<typeof candidate.match>[0]);
  });
}

/** PATCH body: every field optional; null removes that limit. */
export const keyLimitsRequest = z
  .object({
    quota_total: credits.nullable().optional(),
    quota_monthly: credits.nullable().optional(),
    expires_at: z.iso.datetime({ offset: true }).nullable().optional(),
    allowed_models: z.array(z.string().trim().min(1).max(200)).min(1).max(200).nullable().optional(),
    ip_allowlist: z.array(cidr).min(1).max(100).nullable().optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: "name at least one limit to change" });
export type KeyLimitsRequest = z.infer<typeof keyLimitsRequest>;

export const keyLimitsView = z.object({
  quotaTotal: z.number().nullable(),
  quotaMonthly: z.number().nullable(),
  expiresAt: z.string().nullable(),
  allowedModels: z.array(z.string()).nullable(),
  ipAllowlist: z.array(z.string()).nullable(),
  spentTotal: z.number(),
  /** Credits spent in `spentMonth` (UTC yyyy-mm; null before the first spend): another month means none yet this month. */
  spentMonth: z.string().nullable(),
  spentMonthCredits: z.number(),
});
export type KeyLimitsView = z.infer<typeof keyLimitsView>;

/** PATCH body of a member's spending caps (credits per UTC day / month); null removes a cap. */
export const memberCapsRequest = z
  .object({ cap_daily: credits.nullable().optional(), cap_monthly: credits.nullable().optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: "name cap_daily or cap_monthly" });
export type MemberCapsRequest = z.infer<typeof memberCapsRequest>;

export const memberCapsView = z.object({
  capDaily: z.number().nullable(),
  capMonthly: z.number().nullable(),
  /** Credits spent in `spentDay` (UTC yyyy-mm-dd) and `spentMonth` (UTC yyyy-mm); another period means none yet. */
  spentDay: z.string().nullable(),
  spentDayCredits: z.number(),
  spentMonth: z.string().nullable(),
  spentMonthCredits: z.number(),
});
export type MemberCapsView = z.infer<typeof memberCapsView>;
