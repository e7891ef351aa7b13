// Which tenant-supplied URLs the platform will call or fetch (webhooks, reference images, video frames): never its own network unless allowed (SSRF).
import { isIP } from "node:net";
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

/** True for an IP address the platform must not reach on a tenant's behalf. */
export function isPrivateAddress(address: string): boolean {
  const host = address.replace(/^\[|\]$/g, "").toLowerCase();
  const version = isIP(host);
  if (version === 4) {
    const [a, b] = host.split(".").map(Number) as [number, number];
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (version === 6) {
    // An IPv4-mapped address is judged by the IPv4 address it carries.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
    if (mapped) return isPrivateAddress(mapped[1]!);
    return (
      host === "::1" ||
      host === "::" ||
      host.startsWith("fc") ||
      host.startsWith("fd") ||
      /^fe[89ab]/.test(host) ||
      host.startsWith("::ffff:")
    );
  }
  return false;
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
  if (addresses.some(isPrivateAddress))
    throw new AppError("invalid_request", `${what} may not point at a private or loopback address`);
}
