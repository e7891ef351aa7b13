import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { webStatic } from "./serve";

let dir: string;
let app: Hono;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "waule-web-static-"));
  await mkdir(join(dir, "assets"));
  await writeFile(join(dir, "index.html"), "<!doctype html><div id=root></div>");
  await writeFile(join(dir, "assets", "app-1234.js"), "console.log('app')");
  await writeFile(join(tmpdir(), "waule-outside-secret.txt"), "secret");
  app = new Hono();
  app.use("*", webStatic(dir));
  app.get("/api/v1/models", (c) => c.json({ data: [] }));
  app.notFound((c) => c.json({ error: { code: "not_found", message: "no route" } }, 404));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(join(tmpdir(), "waule-outside-secret.txt"), { force: true });
});

describe("webStatic", () => {
  test("serves a built asset with its type and a long cache", async () => {
    const res = await app.request("/assets/app-1234.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("javascript");
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect(await res.text()).toBe("console.log('app')");
  });

  test("the app's pages and files carry nosniff, no-referrer and refuse to be framed (clickjacking)", async () => {
    for (const path of ["/", "/admin", "/assets/app-1234.js"]) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("content-security-policy")).toBe(
        "frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
      );
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    }
  });

  test("answers client-side routes with index.html", async () => {
    for (const path of ["/", "/generate", "/history", "/admin"]) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/html");
      expect(await res.text()).toContain("<div id=root>");
    }
  });

  test("leaves API paths to the API, including unknown ones", async () => {
    expect(await (await app.request("/api/v1/models")).json()).toEqual({ data: [] });
    const missing = await app.request("/api/v1/nope");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: "not_found", message: "no route" } });
  });

  test("does not fall back to index.html for a missing file with an extension", async () => {
    const res = await app.request("/assets/missing.js");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/json");
  });

  test("never serves a file outside the build directory", async () => {
    const res = await app.request("/..%2Fwaule-outside-secret.txt");
    expect(await res.text()).not.toBe("secret");
    const encoded = await app.request("/assets/..%2F..%2Fwaule-outside-secret.txt");
    expect(await encoded.text()).not.toBe("secret");
  });

  test("no path makes it throw: every byte %-encoded anywhere, over-long names, broken escapes", async () => {
    const paths = [
      ...Array.from({ length: 256 }, (_, b) => `%${b.toString(16).padStart(2, "0")}`).flatMap((x) => [
        `/${x}`,
        `/x${x}y`,
        `/index.html${x}.js`,
        `/assets/${x}app-1234.js`,
        `/assets/app-1234.js${x}`,
        `/${x}/generate`,
      ]),
      `/${"a".repeat(5000)}`,
      `/${"a".repeat(5000)}.js`,
      `/assets/${"b/".repeat(2000)}x.js`,
      "/index.html/x",
      "/%",
      "/%zz",
      "/%c0%af",
      "/..%5c..%5cwaule-outside-secret.txt",
    ];
    const seen = new Set<string>();
    for (const path of paths) {
      for (const method of ["GET", "HEAD"]) {
        const res = await app.request(path, { method });
        const type = res.headers.get("content-type") ?? "";
        const kind = type.includes("application/json") ? "json" : type.includes("text/html") ? "app" : "file";
        // The app, one of its files, or the JSON 404 below it: never a thrown 500.
        const answer = `${res.status} ${kind}`;
        expect({ path, answer, known: ["200 app", "200 file", "404 json"].includes(answer) }).toEqual({
          path,
          answer,
          known: true,
        });
        seen.add(answer);
        await res.arrayBuffer();
      }
    }
    expect([...seen].sort()).toEqual(["200 app", "200 file", "404 json"]);
  });

  test("ignores methods other than GET and HEAD", async () => {
    const res = await app.request("/generate", { method: "POST" });
    expect(res.status).toBe(404);
  });
});
