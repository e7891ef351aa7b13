// Serves the built web app (web/dist) from a Hono app: real files first, index.html for client-side routes.
import { resolve, sep } from "node:path";
import type { MiddlewareHandler } from "hono";

export type WebStaticOptions = {
  /** Path prefixes that belong to APIs: never answered with index.html, so a wrong API path stays a JSON 404. */
  apiPrefixes?: string[];
};

/**
 * Security headers for the app's own answers (the API's secure headers never reach them): the session token lives in
 * this origin's localStorage, so no other site may frame the app to click through it.
 */
const pageHeaders = {
  "x-frame-options": "DENY",
  "content-security-policy": "frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

/** Characters no file of the build has in its path: C0 controls (NUL included), DEL and the backslash. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const UNSERVABLE = /[\u0000-\u001f\u007f\\]/;

/** The file at path, or null; a name the file system refuses (too long, say) is no file of ours, not a server error. */
async function existingFile(path: string): Promise<ReturnType<typeof Bun.file> | null> {
  try {
    const file = Bun.file(path);
    return (await file.exists()) ? file : null;
  } catch {
    return null;
  }
}

/** The built app directory next to this file; pass another one (WEB_DIST_DIR) in deployments that move it. */
export const defaultWebDist = resolve(import.meta.dir, "dist");

/**
 * Middleware for GET/HEAD: a file under distDir is sent as is (hashed /assets/ cached for a year);
 * a path without a file extension gets index.html so /generate or /admin survive a reload; anything else falls through.
 */
export function webStatic(distDir: string = defaultWebDist, options: WebStaticOptions = {}): MiddlewareHandler {
  const root = resolve(distDir);
  // /docs is the server's API reference page (services/server/src/openapi), not a client route.
  const apiPrefixes = options.apiPrefixes ?? ["/api/", "/admin/api/", "/internal/", "/docs"];

  return async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return next(); // malformed %-escape: not a file of ours
    }
    if (apiPrefixes.some((p) => pathname.startsWith(p)) || pathname === "/health") return next();
    // No built file has a control character (NUL makes Bun.file throw) or a backslash in its name.
    if (UNSERVABLE.test(pathname)) return next();

    const target = resolve(root, `.${pathname}`);
    // resolve() collapses "..": anything that lands outside the build directory is not ours to serve.
    if (target !== root && !target.startsWith(root + sep)) return next();

    const file = target === root ? null : await existingFile(target);
    if (file) {
      const immutable = pathname.startsWith("/assets/");
      return new Response(c.req.method === "HEAD" ? null : file, {
        headers: {
          ...pageHeaders,
          "content-type": file.type,
          "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
        },
      });
    }
    const lastSegment = pathname.split("/").pop() ?? "";
    if (lastSegment.includes(".")) return next();
    const index = Bun.file(resolve(root, "index.html"));
    if (!(await index.exists())) return next();
    return new Response(c.req.method === "HEAD" ? null : index, {
      headers: { ...pageHeaders, "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" },
    });
  };
}
