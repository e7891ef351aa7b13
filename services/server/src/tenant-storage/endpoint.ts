// Which bucket endpoints a tenant may hand us: in production only public HTTPS hosts, since both the server (probe)
// and the gateway (every upload) will connect to whatever is saved.

import { isIP } from "node:net";
import { AppError } from "@waule/shared/errors";

/** Loopback, private, link-local (cloud metadata), CGNAT and unspecified ranges, IPv4 and IPv6. */
function isInternalAddress(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (isIP(h) === 4) {
    const [a, b] = h.split(".").map(Number) as [number, number];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (isIP(h) === 6) {
    // IPv4-mapped addresses, in the dotted form or the hex form URL parsing normalizes them to.
    const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
    if (dotted) return isInternalAddress(dotted[1]!);
    const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(h);
    if (hex) {
      const [hi, lo] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
      return isInternalAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
    }
    return h === "::" || h === "::1" || h.startsWith("fc") || h.startsWith("fd") || h.startsWith("fe80");
  }
  return h === "localhost" || h.endsWith(".localhost") || h.endsWith(".internal") || h.endsWith(".local");
}

/**
 * Refuses, in production, endpoints that are not HTTPS or name an internal host. A name that resolves to an internal
 * address is not caught here (that needs the connecting side to check); this stops the plain cases before any probe.
 */
export function checkStorageEndpoint(endpoint: string, production: boolean): void {
  if (!production) return;
  const url = new URL(endpoint);
  if (url.protocol !== "https:") throw new AppError("invalid_request", "endpoint: must be an https:// URL");
  if (isInternalAddress(url.hostname))
    throw new AppError("invalid_request", "endpoint: must be a public host, not a private or local address");
}
