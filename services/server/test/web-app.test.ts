// The server serves the built web app at / and its client routes, while /api/v1 and /health keep answering JSON.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppError } from "@waule/shared/errors";
import { withWebApp } from "../src/web/web-app";
import { type Stack, startStack } from "./support/stack";

const INDEX = "<!doctype html><html><body><div id=app>waule web test</div></body></html>";
let dist: string;
let stack: Stack;

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), "waule-web-dist-"));
  await mkdir(join(dist, "assets"));
  await writeFile(join(dist, "index.html"), INDEX);
  await writeFile(join(dist, "assets", "app-abc123.js"), "console.log('app')");
});
afterAll(async () => {
  await rm(dist, { recursive: true, force: true });
});
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack.stop();
});

describe("server with the web app mounted", () => {
  test("answers index.html at / and at client routes such as /chat (SPA fallback)", async () => {
    const app = withWebApp(stack.app, dist);
    for (const path of ["/", "/chat", "/tasks", "/history"]) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/html");
      expect(await res.text()).toBe(INDEX);
    }
    const asset = await app.request("/assets/app-abc123.js");
    expect(await asset.text()).toBe("console.log('app')");
    expect(asset.headers.get("cache-control")).toContain("immutable");
    // A missing file with an extension is not the app: a 404 from the API app, not index.html.
    expect((await app.request("/missing.png")).status).toBe(404);
  });

  test("API paths and /health still answer JSON: /api/v1/me without a key is a 401 error body", async () => {
    const app = withWebApp(stack.app, dist);
    const me = await app.request("/api/v1/me");
    expect(me.status).toBe(401);
    expect(me.headers.get("content-type")).toContain("application/json");
    expect(((await me.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    const health = await app.request("/health");
    expect(await health.json()).toEqual({ ok: true });
    const unknown = await app.request("/api/v1/nope", { headers: { "x-api-key": "wk_live_x" } });
    expect(unknown.headers.get("content-type")).toContain("application/json");

    const t = await stack.createTenant(40);
    const authed = await app.request("/api/v1/me", { headers: { "x-api-key": t.apiKey } });
    expect(authed.status).toBe(200);
    expect(((await authed.json()) as { tenant: { credits: number } }).tenant.credits).toBe(40);
  });

  test("every path answers JSON or the app, never a bare 500: NUL and every other byte, over-long names", async () => {
    const app = withWebApp(stack.app, dist);
    const paths = [
      ...Array.from({ length: 256 }, (_, b) => `%${b.toString(16).padStart(2, "0")}`).flatMap((x) => [
        `/${x}`,
        `/x${x}y`,
        `/index.html${x}.js`,
        `/assets/app-abc123.js${x}`,
        `/admin/${x}`,
        `/api/v1/${x}`,
      ]),
      `/${"a".repeat(5000)}.png`,
      `/${"a".repeat(5000)}`,
      "/%",
      "/%zz",
    ];
    for (const path of paths) {
      const res = await app.request(path);
      const type = res.headers.get("content-type") ?? "";
      const shape = type.includes("application/json") ? "json" : type.includes("text/html") ? "app" : "file";
      expect({ path, serverError: res.status >= 500, shape: shape === "file" ? res.status : shape }).toEqual({
        path,
        serverError: false,
        shape: shape === "file" ? 200 : shape,
      });
      await res.arrayBuffer();
    }
  });

  test("an error thrown below the static layer still answers the JSON error shape", async () => {
    const app = withWebApp(
      {
        fetch: () => {
          throw new Error("boom");
        },
      },
      dist,
    );
    const res = await app.request("/api/v1/me");
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: "internal_error", message: "internal error" } });
  });

  test("an API request goes straight to the API app; whatever escapes it (a rejection too) gets the JSON error shape", async () => {
    const seen: string[] = [];
    const app = withWebApp(
      {
        fetch: (request) => {
          const path = new URL(request.url).pathname;
          seen.push(`${request.method} ${path}`);
          if (path === "/api/v1/reject") return Promise.reject(new AppError("conflict", "taken"));
          return Response.json({ path });
        },
      },
      dist,
    );
    const rejected = await app.request("/api/v1/reject", { method: "POST" });
    expect(rejected.status).toBe(409);
    expect(((await rejected.json()) as { error: { code: string } }).error.code).toBe("conflict");
    // /health with a query is the API's; /health/ and an encoded API prefix are not plain API paths: webStatic decides.
    expect(await (await app.request("/health?probe=1")).json()).toEqual({ path: "/health" });
    expect(await (await app.request("/health/")).text()).toBe(INDEX);
    expect(await (await app.request("/ap%69/v1/me")).json()).toEqual({ path: "/ap%69/v1/me" });
    expect(await (await app.request("/chat", { method: "POST" })).json()).toEqual({ path: "/chat" });
    expect(seen).toEqual(["POST /api/v1/reject", "GET /health", "GET /ap%69/v1/me", "POST /chat"]);
  });
});
