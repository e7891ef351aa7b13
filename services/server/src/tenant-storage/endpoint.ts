// Which bucket endpoints a tenant may hand us: in production only public HTTPS hosts, since both the server (probe)
// and the gateway (every upload) will connect to whatever is saved.

import { AppError } from "@waule/shared/errors";
import { isPrivateHost } from "@waule/shared/url-policy";

/**
 * Refuses, in production, endpoints that are not HTTPS or name an internal host (the shared tenant-URL policy). A name
 * that resolves to an internal address is caught where the probe connects (verify.ts, publicOnlyRequestHandler).
 */
export function checkStorageEndpoint(endpoint: string, production: boolean): void {
  if (!production) return;
  const url = new URL(endpoint);
  if (url.protocol !== "https:") throw new AppError("invalid_request", "endpoint: must be an https:// URL");
  if (isPrivateHost(url.hostname))
    throw new AppError("invalid_request", "endpoint: must be a public host, not a private or local address");
}
