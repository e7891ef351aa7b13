import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ApiError } from "./api-error";
import { createApiClient } from "./client";

type Seen = { method: string; path: string; auth: string | null; body: unknown };
const seen: Seen[] = [];
let server: ReturnType<typeof Bun.serve>;

beforeAll(() => {
  server = Bun.serve({
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      const body = req.method === "POST" ? await req.json() : undefined;
      seen.push({ method: req.method, path: url.pathname + url.search, auth: req.headers.get("authorization"), body });
      switch (url.pathname) {
        case "/api/v1/models":
          return Response.json({
            object: "list",
            data: [
              { id: "sandbox-image", object: "model", waule: { display_name: "Sandbox image", capability: "image", sandbox: true } },
              { id: "sandbox-chat", object: "model", waule: { display_name: "Sandbox chat", capability: "chat", sandbox: true } },
              { id: "flux", object: "model", waule: { display_name: null, capability: "image", price: 20 } },
            ],
          });
        case "/api/v1/me":
          return Response.json({ tenant: { id: "t1", name: "Demo", credits: 42 }, user: null, auth: "api_key" });
        case "/api/v1/images/generations":
          return Response.json({ error: { code: "insufficient_credits", message: "balance 0 < cost 10" } }, { status: 402 });
        case "/api/v1/usage":
          return Response.json({ data: [{ nope: true }], page: 1, limit: 20, total: 1 });
        default:
          return Response.json({ error: { code: "unauthorized", message: "bad token" } }, { status: 401 });
      }
    },
  });
});
afterAll(() => server.stop(true));

function client(onUnauthorized?: () => void) {
  return createApiClient({ baseUrl: `http://127.0.0.1:${server.port}/`, getToken: () => "jwt-123", onUnauthorized });
}

describe("api client", () => {
  test("sends the bearer token and parses /me with the shared schema", async () => {
    seen.length = 0;
    const me = await client().me();
    expect(me.tenant.credits).toBe(42);
    expect(seen).toEqual([{ method: "GET", path: "/api/v1/me", auth: "Bearer jwt-123", body: undefined }]);
  });

  test("keeps only image models", async () => {
    const models = await client().imageModels();
    expect(models.map((m) => m.id)).toEqual(["sandbox-image", "flux"]);
  });

  test("turns the API error body into an ApiError with code, message and status", async () => {
    seen.length = 0;
    const error = await client().generateImages({ model: "m", prompt: "a cat", n: 2, size: "512x512" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "insufficient_credits", message: "balance 0 < cost 10", status: 402 });
    expect(seen[0]?.body).toEqual({ model: "m", prompt: "a cat", n: 2, size: "512x512" });
  });

  test("rejects a response that does not match the shared schema", async () => {
    seen.length = 0;
    const error = await client().usage({ page: 2, limit: 20, order: "asc" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "unexpected_response" });
    expect(seen[0]?.path).toBe("/api/v1/usage?page=2&limit=20&order=asc");
  });

  test("reports a 401 so the app can drop the session", async () => {
    let dropped = 0;
    const error = await client(() => dropped++).login({ apiKey: "k", username: "u", password: "p" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "unauthorized", status: 401 });
    expect(dropped).toBe(1);
  });

  test("reports an unreachable server as a network error", async () => {
    const dead = createApiClient({ baseUrl: "http://127.0.0.1:1", getToken: () => null });
    expect(await dead.me().catch((e: unknown) => e)).toMatchObject({ code: "network_error", status: 0 });
  });
});
