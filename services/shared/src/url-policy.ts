// Which tenant-supplied URLs the platform will call or fetch (webhooks, reference images, video frames): never its own network unless allowed (SSRF).
import { isIP } from "node:net";
import { networkInterfaces } from "node:os";
import ipaddr from "ipaddr.js";
import { AppError } from "./errors";

/** A data: image is at most this many characters (~10 MB of image as base64). */
export const MAX_DATA_URL_CHARS = 14_000_000;

export type TenantUrlPolicy = {
  /** Loopback/private/link-local/metadata hosts are accepted (development, tests, or an operator's explicit choice). */
  allowPrivate: boolean;
  /** data:image/... base64 URLs are accepted (image inputs only), up to `maxDataChars`. */
  allowDataImage?: boolean;
  maxDataChars?: number;
};

/** IPv4-compatible IPv6 (::a.b.c.d, deprecated): ipaddr.js calls it unicast, but [::7f00:1] is loopback by another name. */
const IPV4_COMPATIBLE: [ipaddr.IPv6, number] = [ipaddr.IPv6.parse("::"), 96];

/** One spelling per address (IPv4-mapped IPv6 as its IPv4, IPv6 expanded, no zone), to compare with this machine's own. */
function canonical(ip: ipaddr.IPv4 | ipaddr.IPv6): string {
  if (ip.kind() === "ipv4") return ip.toString();
  const v6 = ip as ipaddr.IPv6;
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address().toString() : new ipaddr.IPv6(v6.parts).toNormalizedString();
}

/**
 * Every address of this machine's own interfaces. A non-loopback one is still the platform itself (its services
 * may listen on it), so a tenant URL naming one is refused like loopback. Read per check: interfaces come and go.
 */
export function ownAddresses(): Set<string> {
  const own = new Set<string>();
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (ipaddr.isValid(entry.address)) own.add(canonical(ipaddr.parse(entry.address)));
    }
  }
  return own;
}

/**
 * True for an IP address the platform must not reach on a tenant's behalf. Only public unicast passes, as
 * ipaddr.js classifies it (`range() === "unicast"`): loopback, private, link-local, CGNAT, multicast, broadcast,
 * reserved (198.18/15 benchmarking, 240/4, the documentation nets), NAT64, 6to4, Teredo and the rest are refused,
 * an IPv4-mapped address by the IPv4 address it carries, and so are IPv4-compatible IPv6 and this machine's own
 * addresses. Not an IP address at all: false (names are judged by what they resolve to).
 */
export function isPrivateAddress(address: string, own: ReadonlySet<string> = ownAddresses()): boolean {
  const host = address.replace(/^\[|\]$/g, "").toLowerCase();
  if (isIP(host) === 0) return false;
  let ip = ipaddr.parse(host);
  if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  if (ip.range() !== "unicast") return true;
  if (ip.kind() === "ipv6" && ip.match(IPV4_COMPATIBLE)) return true;
  return own.has(canonical(ip));
}

/** Literal hosts only: a public name that resolves to a private address is caught where the URL is fetched (DNS), not here. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname
    .replace(/^\[|\]$/g, "")
    .toLowerCase()
    .replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".internal") || host.endsWith(".local"))
    return true;
  return isPrivateAddress(host);
}

/**
 * Throws 400 invalid_request for a URL the platform must not use; `what` names the field in the message.
 * Only http(s) (and, where allowed, data:image) URLs pass, so file:, javascript: or gopher: never reach a fetch.
 */
export function assertTenantUrl(url: string, policy: TenantUrlPolicy, what: string): void {
  if (url.startsWith("data:")) {
    if (!policy.allowDataImage) throw new AppError("invalid_request", `${what} must be an http(s) URL`);
    if (!/^data:image\/(png|jpeg|webp|gif);base64,/.test(url))
      throw new AppError("invalid_request", `${what} must be a data:image/(png|jpeg|webp|gif);base64 URL`);
    const max = policy.maxDataChars ?? MAX_DATA_URL_CHARS;
    if (url.length > max) throw new AppError("invalid_request", `${what} is larger than ${max} characters`);
    return;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError("invalid_request", `${what} is not a valid URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new AppError("invalid_request", `${what} must be an http(s) URL`);
  if (!policy.allowPrivate && isPrivateHost(parsed.hostname)) {
    throw new AppError("invalid_request", `${what} may not point at a private or loopback address`);
  }
}

/** Resolves a hostname to its addresses (Bun.dns.lookup in the services, a fake in tests). */
export type HostLookup = (hostname: string) => Promise<string[]>;

/**
 * The DNS half of the policy, for the moment a URL is about to be called: refuses a name that resolves
 * to any private address (a public-looking name pointed at the platform's network). Literal hosts are
 * judged without a lookup. A name that does not resolve is refused too: there is nothing safe to call.
 */
export async function assertResolvesPublic(url: string, lookup: HostLookup, what: string): Promise<void> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  if (isPrivateHost(host))
    throw new AppError("invalid_request", `${what} may not point at a private or loopback address`);
  if (isIP(host)) return;
  let addresses: string[];
  try {
    addresses = await lookup(host);
  } catch {
    throw new AppError("invalid_request", `${what}: host ${host} could not be resolved`);
  }
  if (addresses.length === 0) throw new AppError("invalid_request", `${what}: host ${host} could not be resolved`);
  const own = ownAddresses();
  if (addresses.some((address) => isPrivateAddress(address, own)))
    throw new AppError("invalid_request", `${what} may not point at a private or loopback address`);
}
