// The server also answers the web app (built files and the SPA's client routes) in front of its API,
// so one origin serves both and the browser needs no proxy. API paths and /health never reach index.html.

// The web workspace's own server part: serve.ts uses nothing but Bun and Hono, so the server can run it.
import { notFound, onErrorFor } from "@waule/shared/http-errors";
import { defaultWebDist, webStatic } from "@waule/web/serve";
import { Hono } from "hono";

type FetchApp = { fetch: (request: Request, env?: unknown) => Response | Promise<Response> };

/** What webStatic passes on untouched (its default API prefixes); checked here on the raw path, before any app runs. */
const API_PREFIXES = ["/api/", "/admin/api/", "/internal/", "/docs"];

/**
 * Whether webStatic would hand this request to the API anyway: any method but GET and HEAD, or a path that starts with
 * an API prefix or is /health. Read off the raw URL: a prefix made of plain characters is still there after
 * webStatic's decoding, so every request this says yes to took the same way before; the rest (an encoded prefix, say)
 * still goes through webStatic.
 */
function bypassesStatic(request: Request): boolean {
  const method = request.method;
  if (method !== "GET" && method !== "HEAD") return true;
  const url = request.url;
  const start = url.indexOf("/", url.indexOf("://") + 3);
  if (start < 0) return false;
  for (const prefix of API_PREFIXES) if (url.startsWith(prefix, start)) return true;
  const end = start + "/health".length;
  return url.startsWith("/health", start) && (url.length === end || url[end] === "?");
}

/**
 * Wraps the API app: a GET the web build can answer is answered from it; everything else goes to `api` untouched (its
 * own errors and 404s). An API request goes straight to `api`, without a second Hono app's context, routing and URL
 * parse in front of it; should anything escape `api`, the request is answered by the wrapping app's error handler.
 */
export function withWebApp(api: FetchApp, distDir: string = defaultWebDist) {
  const escaped = new WeakMap<Request, unknown>();
  const root = new Hono();
  root.use("*", webStatic(distDir));
  // c.env passes through, so the API app still sees Bun's server (client addresses) as it does when served directly.
  root.all("*", (c) => {
    if (escaped.has(c.req.raw)) throw escaped.get(c.req.raw);
    return api.fetch(c.req.raw, c.env);
  });
  // This app, not the API's, is what Bun serves: anything thrown in the static layer still answers the JSON shape.
  root.onError(onErrorFor("server"));
  root.notFound(notFound);

  const answerEscaped = (request: Request, env: unknown, error: unknown) => {
    escaped.set(request, error);
    return root.fetch(request, env);
  };
  const fetch = (request: Request, env?: unknown): Response | Promise<Response> => {
    if (!bypassesStatic(request)) return root.fetch(request, env);
    try {
      const answer = api.fetch(request, env);
      return answer instanceof Promise ? answer.catch((error) => answerEscaped(request, env, error)) : answer;
    } catch (error) {
      return answerEscaped(request, env, error);
    }
  };
  return {
    fetch,
    /** As Hono's app.request: a path (or URL, or Request) answered by `fetch`, for tests. */
    request(input: string | Request, init?: RequestInit, env?: unknown): Response | Promise<Response> {
      if (input instanceof Request) return fetch(init ? new Request(input, init) : input, env);
      const url = /^https?:\/\//.test(input) ? input : `http://localhost${input.startsWith("/") ? "" : "/"}${input}`;
      return fetch(new Request(url, init), env);
    },
  };
}
