// The server also answers the web app (built files and the SPA's client routes) in front of its API,
// so one origin serves both and the browser needs no proxy. API paths and /health never reach index.html.

// The web workspace's own server part: serve.ts uses nothing but Bun and Hono, so the server can run it.
import { notFound, onErrorFor } from "@waule/shared/http-errors";
import { defaultWebDist, webStatic } from "@waule/web/serve";
import { Hono } from "hono";

type FetchApp = { fetch: (request: Request, env?: unknown) => Response | Promise<Response> };

/** Wraps the API app: a GET the web build can answer is answered from it; everything else goes to `api` untouched (its own errors and 404s). */
export function withWebApp(api: FetchApp, distDir: string = defaultWebDist) {
  const root = new Hono();
  root.use("*", webStatic(distDir));
  // c.env passes through, so the API app still sees Bun's server (client addresses) as it does when served directly.
  root.all("*", (c) => api.fetch(c.req.raw, c.env));
  // This app, not the API's, is what Bun serves: anything thrown in the static layer still answers the JSON shape.
  root.onError(onErrorFor("server"));
  root.notFound(notFound);
  return root;
}
