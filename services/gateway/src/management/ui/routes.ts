// Serves the gateway admin pages (static HTML + ES modules, no build step); mount at /admin.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Hono } from "hono";

const assets: Record<string, string> = {
  "app.js": "text/javascript; charset=utf-8",
  "dom.js": "text/javascript; charset=utf-8",
  "i18n.js": "text/javascript; charset=utf-8",
  "keys-page.js": "text/javascript; charset=utf-8",
  "settings-pages.js": "text/javascript; charset=utf-8",
  "discord-page.js": "text/javascript; charset=utf-8",
  "usage-page.js": "text/javascript; charset=utf-8",
  "style.css": "text/css; charset=utf-8",
};

// Only our own scripts run, nothing loads from elsewhere, and no site may frame the page (the token lives in it).
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const escapeAttribute = (s: string) =>
  s.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

export type AdminUiOptions = {
  /** Where the management API is mounted. */
  apiBase?: string;
  /** Where this app is mounted; asset URLs are absolute under it. */
  uiBase?: string;
  /** The operator console this page links back to. */
  consoleUrl?: string;
};

export function createAdminUiApp({
  apiBase = "/api",
  uiBase = "/admin",
  consoleUrl = "http://localhost:3000/admin",
}: AdminUiOptions = {}) {
  const read = (name: string) => readFileSync(join(import.meta.dir, name), "utf8");
  const html = read("index.html")
    .replaceAll("{{API_BASE}}", apiBase)
    .replaceAll("{{UI_BASE}}", uiBase)
    .replaceAll("{{CONSOLE_URL}}", escapeAttribute(consoleUrl));
  const files = new Map(Object.keys(assets).map((name) => [name, read(name)]));

  const app = new Hono();
  app.use("*", async (c, next) => {
    await next();
    c.header("Content-Security-Policy", CSP);
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "no-referrer");
    c.header("Cache-Control", "no-cache");
  });
  app.get("/", (c) => c.html(html));
  app.get("/:file", (c) => {
    const name = c.req.param("file");
    const body = files.get(name);
    if (body === undefined) return c.json({ error: { code: "not_found", message: `no admin asset ${name}` } }, 404);
    return c.body(body, 200, { "Content-Type": assets[name]! });
  });
  return app;
}
