// The caller's IP for per-client limits: the socket's address, or X-Forwarded-For only when a trusted proxy sets it.
import type { Context } from "hono";
import { getConnInfo } from "hono/bun";

/**
 * With TRUST_PROXY the left-most X-Forwarded-For entry is the client (the proxy appends what it saw);
 * without it the header is ignored, since any client can send one. Requests not served by Bun.serve
 * (app.request() in tests) have no socket and share the "unknown" bucket.
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}
