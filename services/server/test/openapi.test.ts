// GET /api/v1/openapi.json and /docs: the API reference generated from the routes and their zod schemas.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { isPublicRoute, openApiPath } from "../src/openapi/document";
import { type Stack, startStack } from "./support/stack";

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        tags?: string[];
        requestBody?: unknown;
        parameters?: { in: string; name: string }[];
        responses: Record<string, unknown>;
        security?: unknown[];
      }
    >
  >;
  components: { securitySchemes: Record<string, unknown> };
};

let stack: Stack;
let doc: Doc;
beforeAll(async () => {
  stack = await startStack();
  const res = await stack.app.request("/api/v1/openapi.json");
  expect(res.status).toBe(200);
  doc = (await res.json()) as Doc;
});
afterAll(async () => {
  await stack.stop();
});

describe("the OpenAPI document", () => {
  test("is OpenAPI 3.1, needs no credential, and names both ways to authenticate", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["apiKey", "bearer"]);
  });

  test("describes every public route of the app, each with a summary and a tag, and nothing of the operator's API", () => {
    const routes = stack.app.routes.filter((r) => isPublicRoute(r.method, r.path));
    const unique = [...new Set(routes.map((r) => `${r.method} ${openApiPath(r.path)}`))];
    // The app really has its routes (a broken filter would make the check below pass vacuously).
    expect(unique.length).toBeGreaterThan(25);
    const missing: string[] = [];
    for (const key of unique) {
      const [method, path] = key.split(" ") as [string, string];
      const op = doc.paths[path]?.[method.toLowerCase()];
      if (!op?.summary || !op.tags?.length) missing.push(key);
    }
    expect(missing).toEqual([]);
    expect(Object.keys(doc.paths).filter((p) => !p.startsWith("/api/v1/"))).toEqual([]);
    expect(doc.paths["/api/v1/openapi.json"]).toBeUndefined();
  });

  test("takes request bodies and query parameters from the schemas the routes validate with", () => {
    const image = doc.paths["/api/v1/images/generations"]?.post;
    const body = (
      (image?.requestBody ?? { content: {} }) as {
        content: Record<string, { schema: { required: string[]; properties: Record<string, unknown> } }>;
      }
    ).content["application/json"]?.schema;
    expect(body?.required).toEqual(["model", "prompt"]);
    expect(Object.keys(body?.properties ?? {})).toContain("reference_image");
    expect(image?.responses["400"]).toBeDefined();
    const tasks = doc.paths["/api/v1/tasks"]?.get;
    expect(tasks?.parameters?.filter((p) => p.in === "query").map((p) => p.name)).toEqual(
      expect.arrayContaining(["page", "limit", "status", "type"]),
    );
    expect(doc.paths["/api/v1/tasks/{id}"]?.get?.parameters).toContainEqual(
      expect.objectContaining({ in: "path", name: "id" }),
    );
    expect(doc.paths["/api/v1/auth/login"]?.post?.security).toEqual([]);
  });
});

describe("GET /docs", () => {
  test("answers the interactive reference page pointing at the document, with its script served locally", async () => {
    const page = await stack.app.request("/docs");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("/api/v1/openapi.json");
    expect(html).toContain("/docs/scalar.js");
    const script = await stack.app.request("/docs/scalar.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toContain("javascript");
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });
});
