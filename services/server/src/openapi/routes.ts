// GET /api/v1/openapi.json (the generated document) and /docs (Scalar's interactive reference, its script served
// from the installed package so the page works without reaching a CDN).
import { dirname, join } from "node:path";
import { Scalar } from "@scalar/hono-api-reference";
import { type Hono, Hono as HonoApp } from "hono";
import { OPENAPI_JSON_PATH, openApiDocument } from "./document";

// The package exports only its ESM entry (dist/index.js); the self-contained browser build sits beside it.
const scalarScript = Bun.file(
  join(dirname(Bun.resolveSync("@scalar/api-reference", import.meta.dir)), "browser", "standalone.js"),
);

/** `app` is the whole server app, read at request time so every route mounted after this one is described too. */
export function openApiDocumentRoute(app: Hono) {
  let cached: Promise<unknown> | undefined;
  return new HonoApp().get("/", async (c) => {
    cached ??= openApiDocument(app);
    return c.json(await cached);
  });
}

export function apiReferenceRoutes() {
  return new HonoApp()
    .get(
      "/scalar.js",
      () =>
        new Response(scalarScript, {
          headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=86400" },
        }),
    )
    .get(
      "/",
      Scalar({
        url: OPENAPI_JSON_PATH,
        cdn: "/docs/scalar.js",
        pageTitle: "Waule API",
        // Its default fonts come from Scalar's own host; the page must work where only this server is reachable.
        withDefaultFonts: false,
        favicon: "/favicon.svg",
      }),
    );
}
