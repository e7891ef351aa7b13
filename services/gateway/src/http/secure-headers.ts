// The gateway's security headers: Hono's defaults, except that stored files may be embedded by other origins.
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

/**
 * /files links are shown by the web app and by tenants' own sites (<img>, <video>), which load them
 * cross-origin without CORS; a same-origin resource policy would blank every one of them.
 */
export function gatewaySecureHeaders(): MiddlewareHandler {
  return secureHeaders({ crossOriginResourcePolicy: "cross-origin" });
}
